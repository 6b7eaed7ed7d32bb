#!/usr/bin/env python3
"""The PyTorch+cuDNN peer of the GPU device check: the same HNE tree as `./hne bench`, the same weights,
the same anytime latency table.

What it is: a plain-PyTorch port of bench/src/peer/java/dev/hne/bench/peer/TorchHneTree.java (the DJL
peer of the CPU comparison), layer for layer what dev.hne.tree.TreeBuilder builds:
  * every level's branches run as ONE grouped convolution over channel-concatenated maps (2^b groups at
    level b); at a split each parent's channel group is copied to its two children (paper Fig. 2);
  * conv + batch norm (+ ReLU) bricks; the bottleneck ResNet layer (1x1 -> depthwise 3x3 -> 1x1, out/4
    wide, a projection shortcut on Branching layers); global pool + one linear layer per leaf;
  * anytime inference of the first n leaves computes only their paths' nodes (natural leaf order: at
    level b the first ceil(n 2^b / N) nodes), as HneTree does.
What it is not: a general port (MobileNet rows are refused) or a trainer.

Input: the file `./hne bench --save-weights FILE` writes (cli/PeerWeights.java): our state dict under
our names, the layer table in the metadata, and a probe (input, our ensemble logits for n = 1..N). The
peer first checks itself against the probe (`probe: max |ours - peer|`), then times each n.

  python3 torch_hne.py WEIGHTS.safetensors                           # the probe check only, on the CPU
  python3 torch_hne.py WEIGHTS.safetensors --device cuda --batch 1,64 --out DIR [--ours OUR_BENCH.md]

Timing: per (batch, n), `--warmup` untimed calls, then the median of `--iterations` calls, each the
forward of the first n members plus the copy of the (batch, K) ensemble logits to the host (what
`./hne bench` times). cuDNN autotuning on (torch.backends.cudnn.benchmark), TF32 off unless --tf32
(our backend runs true float32 by default). Writes DIR/peer-latency.md and .json; with --ours (the
bench.md of `./hne bench --out`), DIR/latency.md: ours vs the peer per n.
"""
import argparse
import json
import math
import re
import struct
import sys
import time

import torch
import torch.nn.functional as F

BN_EPS = 1e-5


def read_safetensors(path):
    """(tensors by name, metadata): the format is an 8-byte little-endian header length, a JSON header, raw data."""
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise SystemExit(f"torch_hne.py: {path}: tensor {name} is {entry['dtype']}, expected F32")
        begin, end = entry["data_offsets"]
        flat = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32) if end > begin else torch.zeros(0)
        tensors[name] = flat.reshape(entry["shape"]).clone()
    return tensors, meta


class ConvBn:
    """Conv (grouped over the branches, no bias) + batch norm (running statistics) + optional ReLU."""

    def __init__(self, state, name, kernel, stride, depthwise, relu):
        self.weight = state[name + "conv.weight"]            # (branches*out, in/groups, k, k)
        self.gamma, self.beta = state[name + "bn.weight"], state[name + "bn.bias"]
        self.mean, self.var = state[name + "bn.running_mean"], state[name + "bn.running_var"]
        self.stride, self.padding, self.depthwise, self.relu = stride, kernel // 2, depthwise, relu

    def forward(self, x, g, branches):
        """x: (N, g*C_in, H, W), the first g of `branches` branches side by side."""
        out = self.gamma.shape[0] // branches                # output channels of one branch
        c = out * g
        groups = g * (out if self.depthwise else 1)
        y = F.conv2d(x, self.weight[:c], None, self.stride, self.padding, 1, groups)
        y = F.batch_norm(y, self.mean[:c], self.var[:c], self.gamma[:c], self.beta[:c], False, 0.0, BN_EPS)
        return F.relu(y) if self.relu else y


class Bottleneck:
    """dev.hne.tree.Bottleneck: 1x1 reduce -> depthwise 3x3 (the stride) -> 1x1 expand, plus the shortcut."""

    def __init__(self, state, name, stride, projection):
        self.reduce = ConvBn(state, name + "reduce.", 1, 1, False, True)
        self.depthwise = ConvBn(state, name + "depthwise.", 3, stride, True, True)
        self.expand = ConvBn(state, name + "expand.", 1, 1, False, False)
        self.shortcut = ConvBn(state, name + "shortcut.", 1, stride, False, False) if projection else None

    def forward(self, x, g, branches):
        y = self.expand.forward(self.depthwise.forward(self.reduce.forward(x, g, branches), g, branches), g, branches)
        skip = x if self.shortcut is None else self.shortcut.forward(x, g, branches)
        return F.relu(y + skip)


class TorchHne:
    """The tree from our state dict (tensors already on the device) and the layer table."""

    def __init__(self, state, meta):
        self.leaves, self.classes = int(meta["leaves"]), int(meta["classes"])
        self.levels = []
        for entry in meta["layers"].split(";"):
            level, index, kind, out, kernel, stride = entry.split("/")
            level, index, kernel, stride = int(level), int(index), int(kernel), int(stride)
            while len(self.levels) <= level:
                self.levels.append([])
            name = f"blocks.{level}.{index}."
            if kind == "CONV_BN_RELU":
                layer = ConvBn(state, name, kernel, stride, False, True)
            elif kind in ("RESNET", "RESNET_BRANCHING"):
                layer = Bottleneck(state, name, stride, kind == "RESNET_BRANCHING")
            else:
                raise SystemExit(f"torch_hne.py: layer {kind} is not mirrored (the peer covers the ResNet trees)")
            self.levels[level].append(layer)
        self.fc_weight, self.fc_bias = state["classifier.0.weight"], state["classifier.0.bias"]   # (N*K, C), (N*K)

    def ensemble_first(self, x, n):
        """The mean logits (N, K) of the first n leaves, computing only their paths' nodes."""
        h, parents = x, 1
        for level, layers in enumerate(self.levels):
            branches = 1 << level
            nodes = (n * branches + self.leaves - 1) // self.leaves
            if level > 0:   # each parent's group to its two children (2g, 2g+1), keep the first `nodes`
                b, c = h.shape[0], h.shape[1] // parents
                h = h.reshape(b, parents, 1, c, h.shape[2], h.shape[3]).expand(b, parents, 2, c, h.shape[2], h.shape[3])
                h = h.reshape(b, 2 * parents * c, h.shape[4], h.shape[5])[:, : nodes * c]
            for layer in layers:
                h = layer.forward(h, nodes, branches)
            parents = nodes
        features = h.mean(dim=(2, 3))                                  # (N, n*C)
        c = features.shape[1] // n
        w = self.fc_weight[: n * self.classes].reshape(n, self.classes, c)
        logits = torch.einsum("bnc,nkc->bnk", features.reshape(-1, n, c), w) + self.fc_bias[: n * self.classes].reshape(n, self.classes)
        return logits.mean(dim=1)


def median_ms(fn, warmup, iterations):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iterations):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    return times[len(times) // 2] if iterations % 2 else (times[len(times) // 2 - 1] + times[len(times) // 2]) / 2


def our_table(path):
    """{(batch, n): ms} from the bench.md of `./hne bench --out` (its "### arch, batch B" tables)."""
    ours, batch = {}, None
    for line in open(path):
        m = re.match(r"### .*batch (\d+)", line)
        if m:
            batch = int(m.group(1))
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if batch is not None and len(cells) >= 3 and cells[0].isdigit():
            ours[(batch, int(cells[0]))] = float(cells[2])
    return ours


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("weights")
    p.add_argument("--device", default="cpu")
    p.add_argument("--batch", default="", help="batch sizes to time, e.g. 1,64 (default: only the probe check)")
    p.add_argument("--n", default="", help="members to time (default: all 1..N)")
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--iterations", type=int, default=9)
    p.add_argument("--tf32", action="store_true")
    p.add_argument("--tolerance", type=float, default=1e-3, help="largest |ours - peer| the probe accepts")
    p.add_argument("--out", default=None)
    p.add_argument("--ours", default=None, help="our bench.md, for latency.md side by side")
    a = p.parse_args()
    torch.backends.cudnn.benchmark = True
    torch.backends.cudnn.allow_tf32 = a.tf32
    torch.backends.cuda.matmul.allow_tf32 = a.tf32
    state, meta = read_safetensors(a.weights)
    device = torch.device(a.device)
    state = {name: t.to(device) for name, t in state.items()}
    tree = TorchHne(state, meta)
    probe, ours = state["probe.input"].to(device), state["probe.ensemble"]
    with torch.no_grad():
        worst = max(float((tree.ensemble_first(probe, n).cpu() - ours[n - 1]).abs().max()) for n in range(1, tree.leaves + 1))
    print(f"probe: max |ours - peer| over n = 1..{tree.leaves} = {worst:.3e} (tolerance {a.tolerance:g})")
    if not worst <= a.tolerance:
        print("torch_hne.py: the peer does not compute what our tree computes", file=sys.stderr)
        return 1
    if not a.batch:
        return 0
    ns = [int(v) for v in a.n.split(",")] if a.n else list(range(1, tree.leaves + 1))
    rows = []
    res = int(meta["resolution"])
    for batch in [int(v) for v in a.batch.split(",")]:
        x = torch.randn(batch, int(meta["in_channels"]), res, res, generator=torch.Generator().manual_seed(2)).to(device)
        for n in ns:
            with torch.no_grad():
                ms = median_ms(lambda: tree.ensemble_first(x, n).cpu(), a.warmup, a.iterations)
            rows.append({"batch": batch, "n": n, "ms": ms})
            print(f"peer batch {batch} n {n}: {ms:.3f} ms", flush=True)
    if a.out:
        import os
        os.makedirs(a.out, exist_ok=True)
        title = (f"PyTorch {torch.__version__} on {device}"
                 + (f" ({torch.cuda.get_device_name(device)}, cuDNN {torch.backends.cudnn.version()})" if device.type == "cuda" else "")
                 + f", {meta['arch']}, TF32 {'on' if a.tf32 else 'off'}, median of {a.iterations} after {a.warmup} warm-up calls;"
                 + f" probe max |ours - peer| {worst:.2e}")
        with open(os.path.join(a.out, "peer-latency.json"), "w") as f:
            json.dump({"title": title, "rows": rows}, f, indent=1)
        with open(os.path.join(a.out, "peer-latency.md"), "w") as f:
            f.write(title + "\n\n| batch | n | peer ms |\n|---:|---:|---:|\n")
            for r in rows:
                f.write(f"| {r['batch']} | {r['n']} | {r['ms']:.3f} |\n")
        if a.ours:
            mine = our_table(a.ours)
            with open(os.path.join(a.out, "latency.md"), "w") as f:
                f.write(title + "\n\n| batch | n | ours ms | peer ms | ours/peer |\n|---:|---:|---:|---:|---:|\n")
                for r in rows:
                    o = mine.get((r["batch"], r["n"]), math.nan)
                    f.write(f"| {r['batch']} | {r['n']} | {o:.3f} | {r['ms']:.3f} | {o / r['ms']:.2f} |\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
