package io.niknotes.setup.cli;

import io.niknotes.setup.ExitCode;
import io.niknotes.setup.copy.Interruption;
import io.niknotes.setup.output.Console;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * While a copy runs, SIGINT (Ctrl-C) and SIGTERM ask it to stop instead of ending the JVM at once: the copy rolls
 * back its running tables, puts back what it took away (or lists it) and the command exits 130/143 with a message.
 * A second signal, or a stop that takes longer than {@link #GRACE_MILLIS}, ends the process at once (the next run
 * and every command report what is left). Where the JVM offers no signals (some platforms), nothing changes.
 */
final class StopOnSignal implements AutoCloseable {
    static final long GRACE_MILLIS = 20_000;
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopOnSignal() {
    }

    static StopOnSignal install(Interruption interruption, Console console) {
        StopOnSignal s = new StopOnSignal();
        s.handle("INT", ExitCode.INTERRUPTED, interruption, console);
        s.handle("TERM", ExitCode.TERMINATED, interruption, console);
        return s;
    }

    private void handle(String name, ExitCode code, Interruption interruption, Console console) {
        try {
            Signal signal = new Signal(name);
            SignalHandler old = Signal.handle(signal, sig -> {
                if (interruption.stopped()) {
                    console.warn("stopping at once (second signal): `niknotes-setup check` lists what is left; run the copy again to finish it");
                    Runtime.getRuntime().halt(code.code());
                }
                console.warn("SIG" + name + " received: stopping the copy (a second signal stops at once)");
                Thread watchdog = new Thread(() -> {
                    try {
                        Thread.sleep(GRACE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    console.warn("the copy did not stop within " + GRACE_MILLIS / 1000 + " s: stopping at once; `niknotes-setup check`"
                            + " lists what is left, run the copy again to finish it");
                    Runtime.getRuntime().halt(code.code());
                }, "stop-watchdog");
                watchdog.setDaemon(true);
                watchdog.start();
                interruption.stop(code);
            });
            signals.add(signal);
            previous.add(old);
        } catch (IllegalArgumentException unsupported) {
            // this platform has no such signal (or the JVM reserves it): the JVM's default stays
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) Signal.handle(signals.get(i), previous.get(i));
    }
}
