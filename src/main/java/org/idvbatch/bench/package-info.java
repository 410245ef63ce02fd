/**
 * The benchmarks, one sub-package per thing measured. Each is created only by its hidden command (never a bean:
 * the component scan skips this tree), runs on a throw-away database and prints its figure beside a baseline
 * measured in the same run (src/site/markdown/performance.md).
 */
package org.idvbatch.bench;
