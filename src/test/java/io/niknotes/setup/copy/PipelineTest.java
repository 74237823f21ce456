package io.niknotes.setup.copy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineTest {
    @Test
    void aStepStartsOnlyAfterWhatItWaitsForAndOthersRunMeanwhile() throws Exception {
        Pipeline<Integer> p = new Pipeline<>();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch smallDone = new CountDownLatch(1);
        // the long step holds one thread until the small table's follow-up has run on the other: proves the overlap
        Pipeline.Step<Integer> big = p.add("load big", 0, w -> {
            assertThat(smallDone.await(10, TimeUnit.SECONDS)).as("the small table's index ran while the big load ran").isTrue();
            log.add("load big");
        }, List.of());
        Pipeline.Step<Integer> small = p.add("load small", 1, w -> log.add("load small"), List.of());
        Pipeline.Step<Integer> smallIndex = p.add("index small", 2, w -> {
            log.add("index small");
            smallDone.countDown();
        }, List.of(small));
        Pipeline.Step<Integer> bigIndex = p.add("index big", 2, w -> log.add("index big"), List.of(big));
        p.add("key", 3, w -> log.add("key"), java.util.Arrays.asList(bigIndex, smallIndex, null));
        p.run(2);
        assertThat(log).containsExactly("load small", "index small", "load big", "index big", "key");
    }

    @Test
    void aStepKnowsWhetherItRunsAlone() throws Exception {
        Pipeline<Integer> p = new Pipeline<>();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch both = new CountDownLatch(2);
        CountDownLatch asked = new CountDownLatch(2); // neither ends before both have asked
        Pipeline.Step<Integer> a = p.add("a", 0, w -> {
            both.countDown();
            assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
            log.add("a alone: " + p.alone());
            asked.countDown();
            assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
        }, List.of());
        Pipeline.Step<Integer> b = p.add("b", 0, w -> {
            both.countDown();
            assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
            log.add("b alone: " + p.alone());
            asked.countDown();
            assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
        }, List.of());
        p.add("last", 1, w -> log.add("last alone: " + p.alone()), List.of(a, b));
        p.run(2);
        assertThat(log).containsExactlyInAnyOrder("a alone: false", "b alone: false", "last alone: true");
    }

    @Test
    void aStepWithAnotherReadyIsNotAlone() throws Exception {
        Pipeline<Integer> p = new Pipeline<>();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        p.add("first", 0, w -> log.add("first alone: " + p.alone()), List.of());
        p.add("second", 1, w -> log.add("second alone: " + p.alone()), List.of());
        p.run(1); // one thread: the second waits, ready, while the first runs
        assertThat(log).containsExactly("first alone: false", "second alone: true");
    }

    @Test
    void anErrorInAStepStopsThePipelineInsteadOfHangingIt() {
        Pipeline<Integer> p = new Pipeline<>();
        p.add("broken", 0, w -> {
            throw new AssertionError("a step's assertion");
        }, List.of());
        p.add("other", 1, w -> { }, List.of());
        assertThatThrownBy(() -> p.run(2)).isInstanceOf(AssertionError.class).hasMessage("a step's assertion");
    }

    @Test
    void readyStepsStartInRankOrder() throws Exception {
        Pipeline<Integer> p = new Pipeline<>();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Pipeline.Step<Integer> first = p.add("first", 0, w -> log.add("first"), List.of());
        p.add("c", 3, w -> log.add("c"), List.of(first));
        p.add("a", 1, w -> log.add("a"), List.of(first));
        p.add("b", 2, w -> log.add("b"), List.of(first));
        p.run(1);
        assertThat(log).containsExactly("first", "a", "b", "c");
    }

    @Test
    void theFirstFailureStopsThePipelineAndIsThrown() {
        Pipeline<Integer> p = new Pipeline<>();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Pipeline.Step<Integer> bad = p.add("bad", 0, w -> {
            throw new IllegalStateException("damaged page 7");
        }, List.of());
        p.add("after bad", 0, w -> log.add("after bad"), List.of(bad));
        p.add("later", 9, w -> log.add("later"), List.of(bad));
        assertThatThrownBy(() -> p.run(1)).isInstanceOf(IllegalStateException.class).hasMessage("damaged page 7");
        assertThat(log).isEmpty();
    }
}
