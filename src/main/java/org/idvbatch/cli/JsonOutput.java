package org.idvbatch.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --json}: the command's output as exactly one JSON document on stdout (logs stay on stderr), for scripts
 * and monitoring. A picocli mixin shared by every command that offers it.
 */
final class JsonOutput {

    @Option(names = "--json", description = "Print one JSON document on stdout instead of the text.")
    boolean wanted;

    /** Writes {@code document} as one JSON document and a line end. */
    void print(PrintWriter out, Object document) {
        out.println(JsonMapper.builder().build().writeValueAsString(document));
    }
}
