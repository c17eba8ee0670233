"""Sinusoid MAML meta-step in eager PyTorch: a Python loop over tasks, create_graph=True inner steps."""
import sinusoid
from torch_common import cuda_event_ms, device, mse, parameters, torch, upload


def meta_gradient(params, x_train, y_train, x_val, y_val):
    tasks = x_train.shape[0]
    total = 0.0
    for t in range(tasks):
        fast = params
        for _ in range(sinusoid.INNER_STEPS):
            grads = torch.autograd.grad(mse(fast, x_train[t], y_train[t]), fast, create_graph=True)
            fast = [p - sinusoid.ALPHA * g for p, g in zip(fast, grads)]
        total = total + mse(fast, x_val[t], y_val[t])
    return torch.autograd.grad(total / tasks, params)


def main():
    args = sinusoid.arguments(default_timed=10)  # a Python loop over 1,000 tasks takes seconds per step
    dev = device()
    params = parameters(dev, requires_grad=True)
    for index, tasks in enumerate(args.tasks):
        host = sinusoid.sinusoid_batch(tasks, seed=tasks)
        step = lambda: [g.cpu() for g in meta_gradient(params, *upload(host, dev))]
        # The loop runs the same small kernels at every meta-batch size, so only the first size needs warming;
        # at 10,000 tasks one step takes about a minute.
        warmup = args.warmup if index == 0 else 0
        sinusoid.report("torch-eager", tasks, cuda_event_ms(step, warmup, args.timed, args.max_seconds))


if __name__ == "__main__":
    main()
