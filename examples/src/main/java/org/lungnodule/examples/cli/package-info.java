/**
 * The {@code bin/lungnodule} command-line tool: one picocli subcommand per job. Exit codes: 0 on
 * success, 2 on bad usage, 1 on a failure (one line on stderr, the stack trace only with {@code
 * --verbose}).
 */
package org.lungnodule.examples.cli;
