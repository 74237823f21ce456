package io.niknotes.setup.bench;

/** The yardstick of start-up: a JVM that prints one line. StartupBenchmark puts this class alone in a jar. */
public final class HelloWorld {
    private HelloWorld() {
    }

    public static void main(String[] args) {
        System.out.println("hello, world");
    }
}
