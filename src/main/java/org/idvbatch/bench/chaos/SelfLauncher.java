package org.idvbatch.bench.chaos;

import java.nio.file.Path;
import java.util.List;

/** The command that starts this same idv-batch in a child JVM: {@code java -jar} from the jar, else the class path. */
public final class SelfLauncher {

    private SelfLauncher() {
    }

    /** {@code [java, (jvm options go here), -jar idv-batch.jar]} or {@code [java, -cp CP, main class]}. */
    public static List<String> javaCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        boolean fromJar = SelfLauncher.class.getClassLoader().getClass().getName().contains("boot.loader");
        return fromJar ? List.of(java, "-Xmx512m", "-jar", classPath)
                : List.of(java, "-Xmx512m", "-cp", classPath, "org.idvbatch.launcher.IdvBatchLauncher");
    }
}
