"""PyTorch peer of `metadsl bench --case lopt-pes-step`: one PES estimate on learned_optimization's
per-parameter MLP optimizer (9 features per parameter and 9 step embeddings shared by all, whose product
with their part of the first layer is one row per step; 2 hidden layers of 32, direction and log-magnitude out):
8 antithetic pairs, each of the 16 particles one truncation of 10 steps training the 1-40-40-1 ReLU
regressor (Kaiming-uniform) on 50 points of one sinusoid, objective the mean log of the capped loss,
horizon 100; then an Adam step on the optimizer. float32. The inner loop is MetaDsl's
(`OptimizerFeatures`, `LearnedStep`, `TargetTrainingProblem`, `EvolutionStrategies`), written three ways:
one particle at a time, all particles batched through bmm, and torch.func's vmap.

Run it on the same machine, in the same session as `metadsl bench`:

    env -u OPENBLAS_CORETYPE LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp \
        /usr/bin/python3 lopt_pes_torch.py [--threads 2] [--json FILE]
"""
import argparse
import json
import math

import torch

from timing import median_ms

SIZES = [(1, 40), (40, 40), (40, 1)]
FEATURES, TIME, HIDDEN = 9, 9, 32
# W1, W1Time, B1, W2, B2, W3, B3: MlpLearnedOptimizer's parameters in its order.
OPT_SHAPES = [(FEATURES, HIDDEN), (TIME, HIDDEN), (HIDDEN,), (HIDDEN, HIDDEN), (HIDDEN,), (HIDDEN, 2), (2,)]
PAIRS, TRUNCATION, HORIZON, POINTS = 8, 10, 100, 50
SIGMA, LR, CAP, MAGNITUDE_SCALE = 0.01, 0.01, 50.0, 0.001
DECAYS = [0.5, 0.9, 0.99]
BETA2, EPS = 0.999, 1e-8
TIMESCALES = torch.tensor([1, 3, 10, 30, 100, 300, 1000, 3000, 10000], dtype=torch.float32)
PARTICLES = 2 * PAIRS


def layer_sizes(sizes):
    return [n for fan_in, fan_out in sizes for n in (fan_in * fan_out, fan_out)]


TARGET_SEGMENTS = layer_sizes(SIZES)
N_TARGET = sum(TARGET_SEGMENTS)
N_PHI = sum(math.prod(shape) for shape in OPT_SHAPES)


def kaiming(sizes, gen):
    flat = []
    for fan_in, fan_out in sizes:
        bound = math.sqrt(6.0 / fan_in)
        flat.append(((torch.rand(fan_in * fan_out, generator=gen) * 2 - 1) * bound))
        flat.append(torch.zeros(fan_out))
    return torch.cat(flat)


def optimizer_init(gen):
    """As MlpLearnedOptimizer: Kaiming-uniform hidden layers (the first over all 18 inputs), output weights
    N(0, 0.01^2) truncated at two deviations."""
    bound1, bound2 = math.sqrt(6.0 / (FEATURES + TIME)), math.sqrt(6.0 / HIDDEN)
    w1 = (torch.rand(FEATURES * HIDDEN, generator=gen) * 2 - 1) * bound1
    w1t = (torch.rand(TIME * HIDDEN, generator=gen) * 2 - 1) * bound1
    w2 = (torch.rand(HIDDEN * HIDDEN, generator=gen) * 2 - 1) * bound2
    w3 = torch.fmod(torch.randn(HIDDEN * 2, generator=gen), 2) * 0.01
    return torch.cat([w1, w1t, torch.zeros(HIDDEN), w2, torch.zeros(HIDDEN), w3, torch.zeros(2)])


def unflatten_optimizer(flat):
    """Views of a flat optimizer vector (or a batch of them, [..., N_PHI]) as its parameters."""
    out, offset = [], 0
    for shape in OPT_SHAPES:
        size = math.prod(shape)
        out.append(flat[..., offset:offset + size].unflatten(-1, shape) if len(shape) == 2 else flat[..., offset:offset + size])
        offset += size
    return out


def unflatten(flat, sizes):
    """Views of a flat vector (or a batch of them, [..., n]) as the layers' weights and biases."""
    out, offset = [], 0
    for fan_in, fan_out in sizes:
        out.append(flat[..., offset:offset + fan_in * fan_out].unflatten(-1, (fan_in, fan_out)))
        offset += fan_in * fan_out
        out.append(flat[..., offset:offset + fan_out])
        offset += fan_out
    return out


def mlp(params, x):
    w1, b1, w2, b2, w3, b3 = params
    h = torch.relu(x @ w1 + b1)
    h = torch.relu(h @ w2 + b2)
    return h @ w3 + b3


def bmm_mlp(params, x):
    w1, b1, w2, b2, w3, b3 = params
    h = torch.relu(torch.bmm(x, w1) + b1.unsqueeze(1))
    h = torch.relu(torch.bmm(h, w2) + b2.unsqueeze(1))
    return torch.bmm(h, w3) + b3.unsqueeze(1)


def optimizer_net(params, x, time):
    """MlpLearnedOptimizer on one particle: x [n, 9], time [9]; the shared row's product is the first bias."""
    w1, w1t, b1, w2, b2, w3, b3 = params
    return mlp((w1, time @ w1t + b1, w2, b2, w3, b3), x)


def bmm_optimizer_net(params, x, time):
    """MlpLearnedOptimizer over particles: params batched [P, ...], x [P, n, 9], time [9]."""
    w1, w1t, b1, w2, b2, w3, b3 = params
    return bmm_mlp((w1, time @ w1t + b1, w2, b2, w3, b3), x)


def features(theta, g, state, step):
    """learned_optimization's MLP features for a batch of particles: theta, g [P, n]; state dict updated in place."""
    state["v"].mul_(BETA2).add_((1 - BETA2) * g * g)
    inv_rms = torch.rsqrt(state["v"] + EPS)
    cols = [theta, g]
    moms = []
    for k, beta in enumerate(DECAYS):
        state["m"][k].mul_(beta).add_((1 - beta) * g)
        moms.append(state["m"][k])
    cols += moms + [g * inv_rms] + [m * inv_rms for m in moms]
    raw = torch.stack(cols, dim=-1)  # [P, n, 9]
    # Root-mean-square normalisation over each parameter tensor, per particle.
    parts = []
    for segment in raw.split(TARGET_SEGMENTS, dim=1):
        parts.append(segment * torch.rsqrt((segment * segment).mean(dim=1, keepdim=True) + 1e-18))
    return torch.cat(parts, dim=1), torch.tanh(step / TIMESCALES)  # [P, n, 9], [9]


def capped_log(loss):
    loss = torch.nan_to_num(loss, nan=CAP, posinf=CAP)
    return torch.log(torch.clamp(loss, max=CAP).clamp(min=1e-12))


class Population:
    """Particles' targets, optimizer states, tasks and PES credit: what one estimate reads and updates."""

    def __init__(self, seed=3):
        self.gen = torch.Generator().manual_seed(seed)
        self.phi = optimizer_init(self.gen)
        self.adam_m = torch.zeros(N_PHI)
        self.adam_v = torch.zeros(N_PHI)
        self.adam_t = 0
        self.done = HORIZON
        self.credit = torch.zeros(PAIRS, N_PHI)

    def reset(self):
        g = self.gen
        amp = (torch.rand(PAIRS, 1, generator=g) * 4.9 + 0.1).repeat_interleave(2, 0)
        phase = (torch.rand(PAIRS, 1, generator=g) * math.pi).repeat_interleave(2, 0)
        x = (torch.rand(PAIRS, POINTS, 1, generator=g) * 10 - 5).repeat_interleave(2, 0)
        self.x, self.y = x, amp.unsqueeze(-1) * torch.sin(x - phase.unsqueeze(-1))
        self.theta = torch.stack([kaiming(SIZES, g) for _ in range(PAIRS)]).repeat_interleave(2, 0)
        self.state = {"m": [torch.zeros(PARTICLES, N_TARGET) for _ in DECAYS], "v": torch.zeros(PARTICLES, N_TARGET)}
        self.step = 0
        self.done = 0
        self.credit.zero_()

    def perturbed(self):
        noise = torch.randn(PAIRS, N_PHI, generator=self.gen)
        self.credit += noise
        signs = torch.tensor([1.0, -1.0]).repeat(PAIRS).unsqueeze(1)
        return self.phi + SIGMA * signs * noise.repeat_interleave(2, 0)

    def finish(self, losses):
        """PES gradient from the particles' summed losses, then Adam on phi."""
        diff = (losses[0::2] - losses[1::2]) / (2 * PAIRS * SIGMA)
        grad = (diff.unsqueeze(1) * self.credit).sum(0)
        self.adam_t += 1
        self.adam_m.mul_(0.9).add_(0.1 * grad)
        self.adam_v.mul_(0.999).add_(0.001 * grad * grad)
        mhat = self.adam_m / (1 - 0.9 ** self.adam_t)
        vhat = self.adam_v / (1 - 0.999 ** self.adam_t)
        self.phi -= 1e-3 * mhat / (vhat.sqrt() + 1e-8)
        self.done += TRUNCATION


def apply_step(theta, outputs):
    return theta - outputs[..., 0] * torch.exp(outputs[..., 1] * MAGNITUDE_SCALE) * LR


def estimate_loop(pop):
    """One particle at a time, as a straightforward port runs it."""
    if pop.done >= HORIZON:
        pop.reset()
    phis = pop.perturbed()
    losses = torch.zeros(PARTICLES)
    thetas = []
    for p in range(PARTICLES):
        theta = pop.theta[p:p + 1].clone()
        state = {"m": [m[p:p + 1] for m in pop.state["m"]], "v": pop.state["v"][p:p + 1]}
        opt = unflatten_optimizer(phis[p])
        for s in range(TRUNCATION):
            t = theta.detach().requires_grad_()
            loss = ((mlp(unflatten(t[0], SIZES), pop.x[p]) - pop.y[p]) ** 2).mean()
            (g,) = torch.autograd.grad(loss, t)
            losses[p] += capped_log(loss.detach())
            with torch.no_grad():
                x, time = features(theta, g, state, pop.step + s + 1)
                theta = apply_step(theta, optimizer_net(opt, x[0], time).unsqueeze(0))
        thetas.append(theta)
    pop.theta = torch.cat(thetas)
    pop.step += TRUNCATION
    pop.finish(losses)


def estimate_bmm(pop):
    """All particles at once: targets and optimizer networks batched over particles through bmm."""
    if pop.done >= HORIZON:
        pop.reset()
    opt = unflatten_optimizer(pop.perturbed())
    losses = torch.zeros(PARTICLES)
    theta = pop.theta
    for s in range(TRUNCATION):
        t = theta.detach().requires_grad_()
        per = ((bmm_mlp(unflatten(t, SIZES), pop.x) - pop.y) ** 2).mean(dim=(1, 2))
        (g,) = torch.autograd.grad(per.sum(), t)
        losses += capped_log(per.detach())
        with torch.no_grad():
            x, time = features(theta, g, pop.state, pop.step + s + 1)
            theta = apply_step(theta, bmm_optimizer_net(opt, x, time))
    pop.theta = theta
    pop.step += TRUNCATION
    pop.finish(losses)


def vmap_estimate_factory():
    try:
        from torch.func import grad_and_value, vmap  # PyTorch >= 2.0
    except ImportError:
        try:
            from functorch import grad_and_value, vmap  # PyTorch 1.13
        except ImportError:
            return None

    def target_loss(theta, x, y):
        return ((mlp(unflatten(theta, SIZES), x) - y) ** 2).mean()

    per_particle = vmap(grad_and_value(target_loss))
    opt_forward = vmap(lambda phi, f, time: optimizer_net(unflatten_optimizer(phi), f, time), in_dims=(0, 0, None))

    def estimate(pop):
        if pop.done >= HORIZON:
            pop.reset()
        phis = pop.perturbed()
        losses = torch.zeros(PARTICLES)
        theta = pop.theta
        for s in range(TRUNCATION):
            g, loss = per_particle(theta, pop.x, pop.y)
            losses += capped_log(loss)
            x, time = features(theta, g, pop.state, pop.step + s + 1)
            theta = apply_step(theta, opt_forward(phis, x, time))
        pop.theta = theta
        pop.step += TRUNCATION
        pop.finish(losses)

    return estimate


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rows = []

    def record(formulation, estimate):
        pop = Population()
        ms = median_ms(lambda: estimate(pop), args.seconds, warmup_calls=10)
        if not torch.isfinite(pop.phi).all():
            raise RuntimeError(f"{formulation}: phi is not finite")
        rows.append({"case": "lopt-pes-step", "formulation": formulation, "ms_per_step_median": ms, "threads": args.threads})
        print(f"lopt-pes-step    {formulation:10s} {ms:9.3f} ms/step")

    record("loop", estimate_loop)
    record("bmm", estimate_bmm)
    vmap_estimate = vmap_estimate_factory()
    if vmap_estimate is not None:
        record("vmap", vmap_estimate)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
