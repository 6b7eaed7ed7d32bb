"""The per-layer timer of ../gemm-order-2026-12-07/conv-timer-patch.py (a copy of CpuConv.forwardFused that times each
call by geometry and prints the sums at exit), with the first -Dwarm=N calls left out (the JIT's warm-up).
Usage: python3 patch.py CHECKOUT (a scratch worktree; never committed)."""
import os
here = os.path.dirname(os.path.abspath(__file__))
src = open(os.path.join(here, '..', 'gemm-order-2026-12-07', 'conv-timer-patch.py')).read()
count = 'a[0] += System.nanoTime() - t0; a[1]++;'
warm = '    static {'
assert count in src and warm in src
src = src.replace(count, 'if (CALLS.incrementAndGet() == WARM) TIMES.clear(); else { ' + count + ' }')
src = src.replace(warm, '    static final java.util.concurrent.atomic.AtomicLong CALLS = new java.util.concurrent.atomic.AtomicLong();'
                  ' static final long WARM = Long.getLong("warm", 0);\\n' + warm, 1)
exec(src)
