package io.niknotes.setup.copy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Work with prerequisites on a fixed number of threads: a step starts as soon as every step it waits for is done and a
 * thread is free, the ready step of the lowest rank before the others. A step that throws stops the
 * pipeline: no further step starts, the running ones are interrupted and {@link #run} throws that first failure. A
 * step's outcome (a failed table load, an index that could not be built) is the step's own business: only what must
 * stop everything is thrown.
 */
final class Pipeline<K extends Comparable<K>> {
    /** What a step does, on the thread numbered {@code worker} (0 … threads - 1). */
    interface Work {
        void run(int worker) throws Exception;
    }

    /** A step: its work, its place in the order among ready steps, the steps waiting for it. */
    static final class Step<K> {
        private final String name;
        private final K rank;
        private final Work work;
        private final List<Step<K>> dependents = new ArrayList<>();
        private int waitingFor;
        private final long order;

        private Step(String name, K rank, Work work, long order) {
            this.name = name;
            this.rank = rank;
            this.work = work;
            this.order = order;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final List<Step<K>> steps = new ArrayList<>();
    /** Among ready steps, the lowest rank starts first, then the one added first. */
    private final PriorityQueue<Step<K>> ready = new PriorityQueue<>(Comparator.comparing((Step<K> s) -> s.rank).thenComparingLong(s -> s.order));
    private int unfinished;
    private int running;
    /** The first step's failure; an Error too (an assertion, memory), which would otherwise end its thread and leave run() waiting. */
    private Throwable failure;

    /** Adds a step that starts once every step of {@code after} (nulls ignored) is done. */
    synchronized Step<K> add(String name, K rank, Work work, List<Step<K>> after) {
        Step<K> s = new Step<>(name, rank, work, steps.size());
        for (Step<K> a : after) {
            if (a == null) continue;
            a.dependents.add(s);
            s.waitingFor++;
        }
        steps.add(s);
        return s;
    }

    /** Runs every step on {@code threads} threads; returns when all are done, throws the first step's exception. */
    void run(int threads) throws Exception {
        synchronized (this) {
            unfinished = steps.size();
            for (Step<K> s : steps) {
                if (s.waitingFor == 0) ready.add(s);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "copy-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < threads; i++) {
                int worker = i;
                pool.execute(() -> work(worker));
            }
            synchronized (this) {
                while (unfinished > 0 && failure == null) wait();
                if (failure != null) {
                    pool.shutdownNow(); // interrupts the running steps
                    while (running > 0) wait(); // what they hold (a transaction, a connection) is let go first
                    if (failure instanceof Error e) throw e;
                    throw (Exception) failure;
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Whether the calling step is the only one running and none is ready to start. */
    synchronized boolean alone() {
        return running == 1 && ready.isEmpty();
    }

    private void work(int worker) {
        while (true) {
            Step<K> s;
            synchronized (this) {
                while (ready.isEmpty() && unfinished > 0 && failure == null) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (ready.isEmpty() || failure != null) return;
                s = ready.poll();
                running++;
            }
            Throwable thrown = null;
            try {
                s.work.run(worker);
            } catch (Exception | Error e) {
                thrown = e;
            }
            synchronized (this) {
                running--;
                if (thrown != null) {
                    if (failure == null) failure = thrown;
                } else {
                    unfinished--;
                    for (Step<K> d : s.dependents) {
                        if (--d.waitingFor == 0) ready.add(d);
                    }
                }
                notifyAll();
            }
        }
    }
}
