# The per-stage probe of this folder (never committed as code): apply to a checkout of cff422d or later,
# build (./mvnw -q -B -o -DskipTests package -pl hne-core -am), run qb.sh with the resulting jar, and
# read the "PROBE" lines on stderr (in qb-TAG-BATCH.log): per stage, the rows that ran it and the
# evaluating thread's wall time per row of run.advance(), then the policy loop, the row cuts
# (LazyRows.current's gathers: time and floats) and retain's bookkeeping. Reset after every point.
import sys
root = sys.argv[1] if len(sys.argv) > 1 else '.'
pe = root + '/hne-core/src/main/java/dev/hne/anytime/ProgressiveEvaluator.java'
s = open(pe).read()
old = '''                try (var noGrad = Autograd.noGrad(); var scope = Memory.scope()) {
                    cut = scope.keep(Rows.gather(tensor, pending));
                }'''
assert old in s
s = s.replace(old, '                long t0 = System.nanoTime();\n' + old + '''
                PROBE_CUT_NS.addAndGet(System.nanoTime() - t0);
                PROBE_CUT_FLOATS.addAndGet(cut.size());''')
s = s.replace('public final class ProgressiveEvaluator implements AutoCloseable {', '''public final class ProgressiveEvaluator implements AutoCloseable {
    public static final java.util.concurrent.atomic.AtomicLong PROBE_CUT_NS = new java.util.concurrent.atomic.AtomicLong(), PROBE_CUT_FLOATS = new java.util.concurrent.atomic.AtomicLong(), PROBE_RETAIN_NS = new java.util.concurrent.atomic.AtomicLong();''')
s = s.replace('''        x.retain(rows);
        for (LevelCache level : cache) level.retain(rows);''', '''        long t0 = System.nanoTime();
        x.retain(rows);
        for (LevelCache level : cache) level.retain(rows);''')
s = s.replace('''        this.rows = rows.length;
    }''', '''        this.rows = rows.length;
        PROBE_RETAIN_NS.addAndGet(System.nanoTime() - t0);
    }''')
open(pe, 'w').write(s)
ae = root + '/hne-core/src/main/java/dev/hne/policy/AdaptiveEvaluator.java'
s = open(ae).read()
s = s.replace('''                StagedRun.StageOutput out = run.advance();''', '''                long t0 = System.nanoTime();
                StagedRun.StageOutput out = run.advance();
                long t1 = System.nanoTime();
                PROBE_ADV[s].addAndGet(t1 - t0); PROBE_ROWS[s].addAndGet(original.length);''')
s = s.replace('''                if (kept == 0 || s == stages) {''', '''                PROBE_POL.addAndGet(System.nanoTime() - t1);
                if (kept == 0 || s == stages) {''')
s = s.replace('''    private AdaptiveEvaluator() {}''', '''    private AdaptiveEvaluator() {}
    static final java.util.concurrent.atomic.AtomicLong[] PROBE_ADV = new java.util.concurrent.atomic.AtomicLong[20], PROBE_ROWS = new java.util.concurrent.atomic.AtomicLong[20];
    static final java.util.concurrent.atomic.AtomicLong PROBE_POL = new java.util.concurrent.atomic.AtomicLong();
    static { for (int i = 0; i < 20; i++) { PROBE_ADV[i] = new java.util.concurrent.atomic.AtomicLong(); PROBE_ROWS[i] = new java.util.concurrent.atomic.AtomicLong(); } }
    public static String probeReport() {
        StringBuilder b = new StringBuilder();
        for (int s = 1; s < 20; s++) if (PROBE_ROWS[s].get() > 0) b.append(String.format(" s%d: rows %d (%.3f us/row)", s, PROBE_ROWS[s].get(), PROBE_ADV[s].get() / 1e3 / PROBE_ROWS[s].get()));
        b.append(String.format(" | policy %.1f ms, cut %.1f ms (%d floats), retain %.1f ms", PROBE_POL.get() / 1e6, dev.hne.anytime.ProgressiveEvaluator.PROBE_CUT_NS.get() / 1e6, dev.hne.anytime.ProgressiveEvaluator.PROBE_CUT_FLOATS.get(), dev.hne.anytime.ProgressiveEvaluator.PROBE_RETAIN_NS.get() / 1e6));
        for (int s = 0; s < 20; s++) { PROBE_ADV[s].set(0); PROBE_ROWS[s].set(0); }
        PROBE_POL.set(0); dev.hne.anytime.ProgressiveEvaluator.PROBE_CUT_NS.set(0); dev.hne.anytime.ProgressiveEvaluator.PROBE_CUT_FLOATS.set(0); dev.hne.anytime.ProgressiveEvaluator.PROBE_RETAIN_NS.set(0);
        return b.toString();
    }''')
s = s.replace('''        return tally.outcome(policy.label(), true);''', '''        System.err.println("PROBE " + policy.label() + ":" + probeReport());
        return tally.outcome(policy.label(), true);''')
open(ae, 'w').write(s)
