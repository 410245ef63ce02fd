/**
 * What every command is built on, whoever contributes it (the product's {@code cli}, the sandbox's commands,
 * the benchmarks): the factory that starts a command's Spring context and the exit codes.
 */
package org.idvbatch.command;
