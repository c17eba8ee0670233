"""PyTorch peer of `metadsl bench --case omniglot-conv4-so omniglot-conv4-fo`: MAML on the Conv-4
backbone (4 x [conv 3x3 pad 1, 64 filters, batch norm with batch statistics, ReLU, 2x2 max-pool],
linear head), 5-way 1-shot, 5 query images per class, meta-batch 32, one inner step at alpha 0.4,
random 28x28 images, float32.

Formulations: `loop` (one task at a time, as learn2learn and higher run MAML), `grouped` (every
task's fast weights in one grouped convolution: images [n, tasks*c, h, w], groups = tasks, so batch
norm over channels is per task and per channel exactly as in the loop) and `vmap` (torch.func, when
this PyTorch can vmap the double backward).

Run it on the same machine, in the same session as `metadsl bench`:

    env -u OPENBLAS_CORETYPE LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp \
        /usr/bin/python3 maml_conv4_torch.py [--threads 2] [--seconds 10] [--json FILE]
"""
import argparse
import json
import math

import torch
import torch.nn.functional as F

from timing import median_ms

WAYS, SHOTS, QUERIES, META_BATCH, STEPS, ALPHA = 5, 1, 5, 32, 1, 0.4
FILTERS, BLOCKS, EPS = 64, 4, 1e-5


def init_params():
    gen = torch.Generator().manual_seed(0)
    params = []
    channels = 1
    for _ in range(BLOCKS):
        bound = math.sqrt(6.0 / (channels * 9))
        params.append((torch.rand(FILTERS, channels, 3, 3, generator=gen) * 2 - 1) * bound)
        params += [torch.zeros(FILTERS), torch.ones(FILTERS), torch.zeros(FILTERS)]
        channels = FILTERS
    params.append((torch.rand(FILTERS, WAYS, generator=gen) * 2 - 1) * math.sqrt(6.0 / FILTERS))
    params.append(torch.zeros(WAYS))
    return [p.requires_grad_() for p in params]


def tasks():
    gen = torch.Generator().manual_seed(2017)
    xs = torch.rand(META_BATCH, WAYS * SHOTS, 1, 28, 28, generator=gen)
    xq = torch.rand(META_BATCH, WAYS * QUERIES, 1, 28, 28, generator=gen)
    ys = torch.arange(WAYS).repeat_interleave(SHOTS).repeat(META_BATCH, 1)
    yq = torch.arange(WAYS).repeat_interleave(QUERIES).repeat(META_BATCH, 1)
    return xs, ys, xq, yq


def forward(params, x):
    h = x
    for b in range(BLOCKS):
        w, bias, gamma, beta = params[4 * b:4 * b + 4]
        h = F.conv2d(h, w, bias, padding=1)
        h = F.batch_norm(h, None, None, gamma, beta, training=True, eps=EPS)
        h = F.max_pool2d(F.relu(h), 2)
    return h.flatten(1) @ params[-2] + params[-1]


def loss(params, x, y):
    return F.cross_entropy(forward(params, x), y)


def loop_meta_step(params, data, second_order):
    xs, ys, xq, yq = data
    total = 0.0
    for t in range(META_BATCH):
        fast = params
        for _ in range(STEPS):
            grads = torch.autograd.grad(loss(fast, xs[t], ys[t]), fast, create_graph=second_order)
            fast = [p - ALPHA * g for p, g in zip(fast, grads)]
        total = total + loss(fast, xq[t], yq[t])
    return torch.autograd.grad(total / META_BATCH, params)


def grouped_forward(fast, x):
    """x [tasks, n, 1, 28, 28]; fast weights [tasks, ...]: every task in one grouped convolution."""
    tasks, n = x.shape[0], x.shape[1]
    h = x.transpose(0, 1).reshape(n, tasks, 28, 28)
    for b in range(BLOCKS):
        w, bias, gamma, beta = fast[4 * b:4 * b + 4]
        h = F.conv2d(h, w.reshape(-1, *w.shape[2:]), bias.reshape(-1), padding=1, groups=tasks)
        h = F.batch_norm(h, None, None, gamma.reshape(-1), beta.reshape(-1), training=True, eps=EPS)
        h = F.max_pool2d(F.relu(h), 2)
    h = h.reshape(n, tasks, FILTERS).transpose(0, 1)
    return torch.bmm(h, fast[-2]) + fast[-1].unsqueeze(1)


def grouped_loss(fast, x, y):
    logits = grouped_forward(fast, x)
    return F.cross_entropy(logits.reshape(-1, WAYS), y.reshape(-1), reduction="none").reshape(y.shape).mean(1)


def grouped_meta_step(params, data, second_order):
    xs, ys, xq, yq = data
    fast = [p.unsqueeze(0).repeat(META_BATCH, *([1] * p.dim())) for p in params]
    for _ in range(STEPS):
        grads = torch.autograd.grad(grouped_loss(fast, xs, ys).sum(), fast, create_graph=second_order)
        fast = [p - ALPHA * g for p, g in zip(fast, grads)]
    return torch.autograd.grad(grouped_loss(fast, xq, yq).mean(), params)


def vmap_meta_step_factory():
    try:
        from torch.func import grad, vmap  # PyTorch >= 2.0
    except ImportError:
        try:
            from functorch import grad, vmap  # PyTorch 1.13
        except ImportError:
            return None

    def adapted_query_loss(params, xs, ys, xq, yq):
        fast = params
        for _ in range(STEPS):
            g = grad(lambda p: loss(p, xs, ys))(fast)
            fast = [p - ALPHA * gi for p, gi in zip(fast, g)]
        return loss(fast, xq, yq)

    def step(params, data, second_order):
        losses = vmap(adapted_query_loss, in_dims=(None, 0, 0, 0, 0))(params, *data)
        return torch.autograd.grad(losses.mean(), params)

    return step


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    params, data = init_params(), tasks()

    # The grouped formulation must compute the loop's meta-gradient, or its speed means nothing.
    reference = loop_meta_step(params, data, True)
    grouped = grouped_meta_step(params, data, True)
    # Relative to the whole gradient: a conv bias before batch norm has an exactly zero gradient, so
    # per-tensor ratios would compare rounding noise with rounding noise.
    scale = max(a.abs().max().item() for a in reference)
    worst = max((a - b).abs().max().item() for a, b in zip(reference, grouped)) / scale
    print(f"grouped vs loop meta-gradient: max difference {worst:.2e} of the largest entry")

    rows = []

    def record(case, formulation, fn):
        ms = median_ms(fn, args.seconds, warmup_calls=1, least=3)
        rows.append({"case": case, "formulation": formulation, "ms_per_step_median": ms, "threads": args.threads})
        print(f"{case:18s} {formulation:8s} {ms:10.1f} ms/step", flush=True)

    for case, second in (("omniglot-conv4-so", True), ("omniglot-conv4-fo", False)):
        record(case, "loop", lambda: loop_meta_step(params, data, second))
        record(case, "grouped", lambda: grouped_meta_step(params, data, second))
    vmap_step = vmap_meta_step_factory()
    if vmap_step is not None:
        try:
            record("omniglot-conv4-so", "vmap", lambda: vmap_step(params, data, True))
        except Exception as error:  # batch norm in training mode and double backward do not vmap everywhere
            print(f"omniglot-conv4-so  vmap     unavailable: {type(error).__name__}: {str(error)[:120]}")
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
