/**
 * The sandbox's commands ({@code sandbox}, {@code sandbox seed}, {@code sandbox export}). They stay in the jar
 * because the first README command needs a sandbox; the product never imports them.
 */
package org.idvbatch.sandbox.cli;
