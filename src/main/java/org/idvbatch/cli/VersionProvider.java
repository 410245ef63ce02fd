package org.idvbatch.cli;

import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = IdvBatchCli.class.getPackage().getImplementationVersion();
        return new String[] {"idv-batch " + (v == null ? "development build" : v)};
    }
}
