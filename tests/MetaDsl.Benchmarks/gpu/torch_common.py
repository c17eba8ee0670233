"""PyTorch pieces shared by the eager and torch.func peers."""
import sys

import sinusoid

try:
    import torch
except ImportError:
    sys.exit("PyTorch is not installed: pip install torch (a CUDA build)")


def device():
    if not torch.cuda.is_available():
        sys.exit("PyTorch sees no CUDA GPU (torch.cuda.is_available() is False), nothing was timed")
    return torch.device("cuda")


def parameters(dev, requires_grad):
    return [torch.tensor(p, device=dev, requires_grad=requires_grad) for p in sinusoid.initial_parameters()]


def forward(params, x):
    w1, b1, w2, b2, w3, b3 = params
    h = torch.relu(x @ w1 + b1)
    h = torch.relu(h @ w2 + b2)
    return h @ w3 + b3


def mse(params, x, y):
    return ((forward(params, x) - y) ** 2).mean()


def cuda_event_ms(step, warmup, timed, max_seconds=None):
    """GPU time between CUDA events around `step`, which ends with the meta-gradient on the host."""
    start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)

    def run_one():
        start.record()
        step()
        stop.record()
        stop.synchronize()
        return start.elapsed_time(stop)
    return sinusoid.timed_steps(run_one, warmup, timed, max_seconds)


def upload(host_batch, dev):
    return [torch.from_numpy(a).to(dev) for a in host_batch]
