"""PyTorch peer of `metadsl bench --case icl-block-grad icl-block-hvp icl-lsa-step`, float32.

- icl-block-grad / icl-block-hvp: one pre-LN transformer block (LayerNorm -> single-head causal softmax
  self-attention -> residual -> LayerNorm -> GELU MLP 4x wide -> residual), 16 sequences of 32 tokens of
  width 64, loss the MSE of every output token against a target; the gradient, and one exact H.v with v
  the gradient. H.v formulations: `double-backward` (autograd.grad of g.v with create_graph) and
  `jvp-of-grad` (functorch forward-over-reverse, when this PyTorch has functorch; layer norm, softmax and
  the MSE written out in elementary ops, whose backward functorch 1.13 can push forward).
- icl-lsa-step: one meta-training step of one layer of linear self-attention as `train icl-gd` takes it:
  512 fresh regression tasks (w ~ N(0, I), x ~ U(-1, 1)^10, 10 context points and a query), the query
  MSE, its gradient, clipping to norm 10, Adam. Formulations: `bmm` and `einsum`.

FLOPs are counted as the bench counts them (matrix products, 2*m*k*n; a gradient is three forward passes,
an H.v two gradients). Run it on the same machine, in the same session as `metadsl bench`:

    env -u OPENBLAS_CORETYPE LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp \
        /usr/bin/python3 icl_torch.py [--threads 1 2] [--seconds 3] [--json FILE]
"""
import argparse
import json
import math

import torch
import torch.nn.functional as F

from timing import median_ms

SEQUENCES, T, D, HIDDEN = 16, 32, 64, 256
META_BATCH, N, DIM = 512, 10, 10
WIDTH, COUNT = DIM + 1, N + 1

BLOCK_FORWARD = SEQUENCES * (4 * 2 * T * D * D + 2 * (2 * T * T * D) + 2 * (2 * T * D * HIDDEN))
LSA_FORWARD = 2 * WIDTH * N * WIDTH + 3 * (2 * COUNT * WIDTH * WIDTH)
FLOPS = {"icl-block-grad": 3 * BLOCK_FORWARD, "icl-block-hvp": 6 * BLOCK_FORWARD, "icl-lsa-step": 3 * META_BATCH * LSA_FORWARD}


def block_params():
    gen = torch.Generator().manual_seed(0)

    def glorot(fan_in, fan_out):
        bound = math.sqrt(6.0 / (fan_in + fan_out))
        return (torch.rand(fan_in, fan_out, generator=gen) * 2 - 1) * bound

    params = [torch.ones(D), torch.zeros(D), glorot(D, D), glorot(D, D), glorot(D, D), glorot(D, D),
              torch.ones(D), torch.zeros(D), glorot(D, HIDDEN), torch.zeros(HIDDEN), glorot(HIDDEN, D), torch.zeros(D)]
    return tuple(p.requires_grad_() for p in params)


# Added rather than masked_fill'ed: functorch 1.13's forward-over-reverse fails through masked_fill.
MASK = torch.full((T, T), float("-inf")).triu(diagonal=1)


def block(params, x):
    g1, b1, wq, wk, wv, wo, g2, b2, w1, c1, w2, c2 = params
    h = F.layer_norm(x, (D,), g1, b1)
    scores = (h @ wq) @ (h @ wk).transpose(-1, -2) * (1.0 / 8.0)
    attended = x + (torch.softmax(scores + MASK, dim=-1) @ (h @ wv)) @ wo
    return attended + F.gelu(F.layer_norm(attended, (D,), g2, b2) @ w1 + c1) @ w2 + c2


def block_loss(params, x, y):
    return F.mse_loss(block(params, x), y)


def layer_norm(x, gamma, beta, eps=1e-5):
    mean = x.mean(-1, keepdim=True)
    centred = x - mean
    return centred * torch.rsqrt(centred.square().mean(-1, keepdim=True) + eps) * gamma + beta


def softmax(scores):
    # The shift cancels in the ratio, so it needs no derivative.
    e = torch.exp(scores - scores.amax(-1, keepdim=True).detach())
    return e / e.sum(-1, keepdim=True)


def composite_loss(params, x, y):
    """The same block from ops whose backward functorch 1.13 can push forward (layer_norm, softmax and mse_loss cannot)."""
    g1, b1, wq, wk, wv, wo, g2, b2, w1, c1, w2, c2 = params
    h = layer_norm(x, g1, b1)
    scores = (h @ wq) @ (h @ wk).transpose(-1, -2) * (1.0 / 8.0)
    attended = x + (softmax(scores + MASK) @ (h @ wv)) @ wo
    out = attended + F.gelu(layer_norm(attended, g2, b2) @ w1 + c1) @ w2 + c2
    return (out - y).square().mean()


def double_backward_hvp(params, x, y, v):
    grads = torch.autograd.grad(block_loss(params, x, y), params, create_graph=True)
    dot = sum((g * vi).sum() for g, vi in zip(grads, v))
    return torch.autograd.grad(dot, params)


def jvp_of_grad_factory():
    try:
        from functorch import grad, jvp
    except ImportError:
        return None

    def hvp(params, x, y, v):
        detached = tuple(p.detach() for p in params)
        return jvp(grad(lambda p: composite_loss(p, x, y)), (detached,), (v,))[1]

    return hvp


def sample_tasks(gen):
    w = torch.randn(META_BATCH, DIM, 1, generator=gen)
    x = torch.rand(META_BATCH, COUNT, DIM, generator=gen) * 2 - 1
    y = x @ w
    target = y[:, N, 0].clone()
    y[:, N, 0] = 0  # the query's y-slot stays 0: it is what the model predicts
    return torch.cat([x, y], dim=2), target


def lsa_bmm(wkq, wpv, e):
    context = e[:, :N]
    covariance = context.transpose(1, 2) @ context * (1.0 / N)
    e = e + ((e @ wkq.t()) @ covariance) @ wpv.t()
    return -e[:, N, DIM]


def lsa_einsum(wkq, wpv, e):
    context = e[:, :N]
    covariance = torch.einsum("bni,bnj->bij", context, context) * (1.0 / N)
    e = e + torch.einsum("bti,bij,kj->btk", torch.einsum("btj,ij->bti", e, wkq), covariance, wpv)
    return -e[:, N, DIM]


def lsa_step_factory(forward):
    gen = torch.Generator().manual_seed(0)
    wkq = (torch.randn(WIDTH, WIDTH, generator=gen) * 0.02).requires_grad_()
    wpv = (torch.randn(WIDTH, WIDTH, generator=gen) * 0.02).requires_grad_()
    adam = torch.optim.Adam([wkq, wpv], lr=5e-3)

    def step():
        tokens, target = sample_tasks(gen)
        adam.zero_grad(set_to_none=True)
        loss = F.mse_loss(forward(wkq, wpv, tokens), target)
        loss.backward()
        torch.nn.utils.clip_grad_norm_([wkq, wpv], 10.0)
        adam.step()

    return step


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--json")
    args = parser.parse_args()

    params = block_params()
    gen = torch.Generator().manual_seed(2017)
    x = torch.randn(SEQUENCES, T, D, generator=gen)
    y = torch.randn(SEQUENCES, T, D, generator=gen)
    v = tuple(g.detach() for g in torch.autograd.grad(block_loss(params, x, y), params))
    jvp_hvp = jvp_of_grad_factory()
    # Both H.v formulations must give the same product, or their speed means nothing.
    if jvp_hvp is not None:
        try:
            b = jvp_hvp(params, x, y, v)
        except RuntimeError as error:  # forward-mode AD does not reach every op in every PyTorch
            print(f"icl-block-hvp   jvp-of-grad unavailable: {str(error)[:120]}")
            jvp_hvp = None
    if jvp_hvp is not None:
        a = double_backward_hvp(params, x, y, v)
        scale = max(t.abs().max().item() for t in a)
        print(f"jvp-of-grad vs double-backward H.v: max difference {max((p - q).abs().max().item() for p, q in zip(a, b)) / scale:.2e} of the largest entry")
    e = sample_tasks(torch.Generator().manual_seed(1))[0]
    w = torch.randn(WIDTH, WIDTH), torch.randn(WIDTH, WIDTH)
    print(f"einsum vs bmm LSA: max difference {(lsa_bmm(*w, e) - lsa_einsum(*w, e)).abs().max().item():.2e}")

    rows = []
    for threads in args.threads:
        torch.set_num_threads(threads)

        def record(case, formulation, fn):
            ms = median_ms(fn, args.seconds, warmup_seconds=min(1.0, args.seconds / 3))
            gflops = FLOPS[case] / (ms * 1e-3) / 1e9
            rows.append({"case": case, "formulation": formulation, "threads": threads, "ms_per_step_median": ms, "gflops": gflops})
            print(f"{case:15s} {formulation:16s} {threads} thr {ms:9.3f} ms/step {gflops:6.1f} GFLOP/s", flush=True)

        record("icl-block-grad", "autograd", lambda: torch.autograd.grad(block_loss(params, x, y), params))
        record("icl-block-hvp", "double-backward", lambda: double_backward_hvp(params, x, y, v))
        if jvp_hvp is not None:
            record("icl-block-hvp", "jvp-of-grad", lambda: jvp_hvp(params, x, y, v))
        record("icl-lsa-step", "bmm", lsa_step_factory(lsa_bmm))
        record("icl-lsa-step", "einsum", lsa_step_factory(lsa_einsum))
    print(f"torch {torch.__version__}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
