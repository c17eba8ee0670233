"""PyTorch peer of `metadsl bench`: sinusoid MAML on the 1-40-40-1 ReLU MLP, 10 support + 10 query
points, meta-batch 25, 5 inner steps at alpha 0.01, float32, plus one H.v at n = 10.

Run it on the same machine, in the same session as `metadsl bench`, with OpenBLAS's own core
detection (this machine exports OPENBLAS_CORETYPE=Haswell, which halves GEMM speed):

    env -u OPENBLAS_CORETYPE /usr/bin/python3 maml_sine_torch.py [--threads 2] [--json FILE]
"""
import argparse
import json
import math

import torch

from timing import median_ms

SIZES = [(1, 40), (40, 40), (40, 1)]
SHOTS, META_BATCH, STEPS, ALPHA = 10, 25, 5, 0.01


def init_params():
    gen = torch.Generator().manual_seed(0)
    params = []
    for fan_in, fan_out in SIZES:
        bound = math.sqrt(6.0 / fan_in)
        params.append((torch.rand(fan_in, fan_out, generator=gen) * 2 - 1) * bound)
        params.append(torch.zeros(fan_out))
    return [p.requires_grad_() for p in params]


def tasks():
    gen = torch.Generator().manual_seed(2017)
    amp = torch.rand(META_BATCH, 1, 1, generator=gen) * 4.9 + 0.1
    phase = torch.rand(META_BATCH, 1, 1, generator=gen) * math.pi
    xs = torch.rand(META_BATCH, SHOTS, 1, generator=gen) * 10 - 5
    xq = torch.rand(META_BATCH, SHOTS, 1, generator=gen) * 10 - 5
    return xs, amp * torch.sin(xs - phase), xq, amp * torch.sin(xq - phase)


def forward(params, x):
    w1, b1, w2, b2, w3, b3 = params
    h = torch.relu(x @ w1 + b1)
    h = torch.relu(h @ w2 + b2)
    return h @ w3 + b3


def loss(params, x, y):
    return ((forward(params, x) - y) ** 2).mean()


def loop_meta_step(params, data, second_order):
    """One task at a time, as learn2learn and higher run MAML."""
    xs, ys, xq, yq = data
    total = 0.0
    for t in range(META_BATCH):
        fast = params
        for _ in range(STEPS):
            grads = torch.autograd.grad(loss(fast, xs[t], ys[t]), fast, create_graph=second_order)
            fast = [p - ALPHA * g for p, g in zip(fast, grads)]
        total = total + loss(fast, xq[t], yq[t])
    meta = torch.autograd.grad(total / META_BATCH, params)
    return meta


def bmm_forward(params, x):
    """Task-batched parameters [B, ...] through bmm: the fastest hand-written formulation."""
    w1, b1, w2, b2, w3, b3 = params
    h = torch.relu(torch.bmm(x, w1) + b1.unsqueeze(1))
    h = torch.relu(torch.bmm(h, w2) + b2.unsqueeze(1))
    return torch.bmm(h, w3) + b3.unsqueeze(1)


def bmm_meta_step(params, data, second_order):
    xs, ys, xq, yq = data
    # repeat, not expand: autograd's double backward through stride-0 batched weights is ~30x slower.
    fast = [p.unsqueeze(0).repeat(META_BATCH, *([1] * p.dim())) for p in params]
    for _ in range(STEPS):
        inner = ((bmm_forward(fast, xs) - ys) ** 2).mean(dim=(1, 2)).sum()
        grads = torch.autograd.grad(inner, fast, create_graph=second_order)
        fast = [p - ALPHA * g for p, g in zip(fast, grads)]
    outer = ((bmm_forward(fast, xq) - yq) ** 2).mean(dim=(1, 2)).mean()
    return torch.autograd.grad(outer, params)


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
        if not second_order:
            return None
        losses = vmap(adapted_query_loss, in_dims=(None, 0, 0, 0, 0))(params, *data)
        return torch.autograd.grad(losses.mean(), params)

    return step


def hvp_step(params, data):
    xs, ys, _, _ = data
    grads = torch.autograd.grad(loss(params, xs[0], ys[0]), params, create_graph=True)
    v = [torch.ones_like(p) for p in params]
    return torch.autograd.grad(grads, params, grad_outputs=v)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    params, data = init_params(), tasks()
    rows = []

    def record(case, formulation, fn):
        ms = median_ms(fn, args.seconds, warmup_calls=20)
        rows.append({"case": case, "formulation": formulation, "ms_per_step_median": ms, "threads": args.threads})
        print(f"{case:16s} {formulation:10s} {ms:9.3f} ms/step")

    record("sine-maml-so-5", "loop", lambda: loop_meta_step(params, data, True))
    record("sine-maml-so-5", "bmm", lambda: bmm_meta_step(params, data, True))
    vmap_step = vmap_meta_step_factory()
    if vmap_step is not None:
        try:
            record("sine-maml-so-5", "vmap", lambda: vmap_step(params, data, True))
        except Exception as error:  # functorch in 1.13 cannot vmap every double-backward
            print(f"sine-maml-so-5   vmap       unavailable: {type(error).__name__}: {error}")
    record("sine-maml-fo-5", "loop", lambda: loop_meta_step(params, data, False))
    record("sine-maml-fo-5", "bmm", lambda: bmm_meta_step(params, data, False))
    record("sine-hvp-10", "autograd", lambda: hvp_step(params, data))
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
