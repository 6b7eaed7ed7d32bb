package dev.hne.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.backend.ConvGeometry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.CudaException;
import org.junit.jupiter.api.Test;

/** The cuDNN algorithm choice that cannot fail at run time, against a scripted fake cuDNN (no GPU). */
class ConvAlgorithmsTest {

    private static final long LIMIT = 1000;
    private static final int NOT_SUPPORTED = 3000, DEVICE_ALLOCATION_FAILED = 4004, EXECUTION_FAILED = 5000;

    /** A fake pass: Find answers from a script, workspace sizes and run statuses per algorithm. */
    private static final class FakePass implements ConvAlgorithms.Pass {
        final List<Integer> findStatuses = new ArrayList<>(List.of(0));
        final List<ConvAlgorithms.Candidate> ranking = new ArrayList<>();
        final Map<Integer, Long> workspace = new HashMap<>();
        final Map<Integer, Integer> workspaceStatus = new HashMap<>();
        final Map<Integer, Integer> runStatus = new HashMap<>();
        final List<Long> outOfMemoryAbove = new ArrayList<>();
        final List<String> log = new ArrayList<>();

        @Override
        public int find(List<ConvAlgorithms.Candidate> out) {
            int status = findStatuses.size() > 1 ? findStatuses.remove(0) : findStatuses.get(0);
            log.add("find " + status);
            if (status == 0) out.addAll(ranking);
            return status;
        }

        @Override
        public int workspaceSize(int algo, long[] bytes) {
            log.add("workspace " + algo);
            bytes[0] = workspace.getOrDefault(algo, 0L);
            return workspaceStatus.getOrDefault(algo, 0);
        }

        @Override
        public int run(int algo, long workspaceBytes) {
            if (!outOfMemoryAbove.isEmpty() && workspaceBytes > outOfMemoryAbove.get(0)) {
                log.add("oom " + algo);
                throw new DeviceMemory.OutOfMemory("cuMemAlloc: out of device memory");
            }
            log.add("run " + algo + " ws " + workspaceBytes);
            return runStatus.getOrDefault(algo, 0);
        }
    }

    private int freed;
    private final ConvAlgorithms algorithms = new ConvAlgorithms(LIMIT, () -> freed++, status -> "status name");

    private static ConvKey key(int batch) {
        return new ConvKey(ConvKey.Pass.FORWARD, new ConvGeometry(batch, 16, 8, 8, 16, 3, 3, 1, 1, 4), false);
    }

    private static ConvAlgorithms.Candidate ok(int algo) {
        return new ConvAlgorithms.Candidate(algo, 0, 0);
    }

    @Test
    void theFastestCandidateThatRunsIsChosenAndReusedWithoutAskingAgain() {
        FakePass pass = new FakePass();
        pass.ranking.addAll(List.of(ok(5), ok(2)));
        pass.workspace.put(5, 300L);
        algorithms.run(key(8), pass);
        algorithms.run(key(8), pass);
        assertEquals(List.of("find 0", "workspace 5", "run 5 ws 300", "run 5 ws 300"), pass.log);
    }

    @Test
    void candidatesThatFailOnTheRealDescriptorAreSkippedInRankOrder() {
        FakePass pass = new FakePass();
        // 7 was not usable in Find; 5 is not supported for these descriptors; 4 needs more than the
        // limit; 3 cannot get its workspace; 2 fails to run; 1 runs.
        pass.ranking.addAll(List.of(new ConvAlgorithms.Candidate(7, NOT_SUPPORTED, 0), ok(5), ok(4), ok(3), ok(2), ok(1)));
        pass.workspaceStatus.put(5, NOT_SUPPORTED);
        pass.workspace.put(4, LIMIT + 1);
        pass.workspace.put(3, 800L);
        pass.outOfMemoryAbove.add(500L);
        pass.runStatus.put(2, EXECUTION_FAILED);
        algorithms.run(key(8), pass);
        assertEquals(List.of("find 0", "workspace 5", "workspace 4", "workspace 3", "oom 3", "workspace 2", "run 2 ws 0",
                "workspace 1", "run 1 ws 0"), pass.log);
    }

    @Test
    void aNewBatchSizeReusesFindsRankingButChecksItsOwnWorkspace() {
        FakePass pass = new FakePass();
        pass.ranking.addAll(List.of(ok(5), ok(2)));
        algorithms.run(key(64), pass);
        pass.workspaceStatus.put(5, NOT_SUPPORTED);   // say 5 does not support the smaller batch
        for (int batch = 63; batch > 50; batch--) algorithms.run(key(batch), pass);
        assertEquals(1, algorithms.finds(), "one Find for every batch size of the same convolution");
        assertEquals(1, pass.log.stream().filter(l -> l.startsWith("find")).count());
        assertEquals("run 2 ws 0", pass.log.get(pass.log.size() - 1));
        assertEquals(14, algorithms.size());
    }

    @Test
    void aRememberedAlgorithmThatStopsRunningGivesWayToTheNext() {
        FakePass pass = new FakePass();
        pass.ranking.addAll(List.of(ok(5), ok(2)));
        algorithms.run(key(8), pass);
        pass.runStatus.put(5, EXECUTION_FAILED);
        algorithms.run(key(8), pass);
        assertEquals(List.of("find 0", "workspace 5", "run 5 ws 0", "run 5 ws 0", "workspace 2", "run 2 ws 0"), pass.log);
    }

    @Test
    void findThatCannotAllocateRunsOnceMoreAfterTheCacheIsEmptied() {
        FakePass pass = new FakePass();
        pass.findStatuses.clear();
        pass.findStatuses.addAll(List.of(DEVICE_ALLOCATION_FAILED, 0));
        pass.ranking.add(ok(1));
        algorithms.run(key(8), pass);
        assertEquals(1, freed);
        assertEquals(List.of("find 4004", "find 0", "workspace 1", "run 1 ws 0"), pass.log);
    }

    @Test
    void findFailingTwiceAndNoRunnableCandidateAreErrorsThatSayWhy() {
        FakePass twice = new FakePass();
        twice.findStatuses.clear();
        twice.findStatuses.add(DEVICE_ALLOCATION_FAILED);
        CudaException e = assertThrows(CudaException.class, () -> algorithms.run(key(8), twice));
        assertTrue(e.getMessage().contains("status 4004") && e.getMessage().contains("FORWARD"), e.getMessage());
        assertEquals(1, freed, "the cache is emptied once, not in a loop");

        FakePass none = new FakePass();
        none.ranking.add(ok(5));
        none.workspaceStatus.put(5, NOT_SUPPORTED);
        CudaException n = assertThrows(CudaException.class, () -> algorithms.run(key(9), none));
        assertTrue(n.getMessage().contains("no FORWARD algorithm") && n.getMessage().contains("algo 5: workspace query")
                && n.getMessage().contains("status 3000"), n.getMessage());
    }

    @Test
    void keysWithoutTheBatchAreEqualOnlyForTheSameConvolution() {
        assertEquals(key(1).forAnyBatch(), key(77).forAnyBatch());
        assertEquals(key(1), key(77).forAnyBatch());
        assertTrue(!key(8).forAnyBatch().equals(new ConvKey(ConvKey.Pass.BACKWARD_DATA, key(8).geometry(), false).forAnyBatch()));
    }
}
