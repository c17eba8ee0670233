"""Sinusoid MAML meta-step with torch.func: grad of the mean over vmap(tasks) of the adapted validation loss."""
import sinusoid
from torch_common import cuda_event_ms, device, mse, parameters, upload
from torch.func import grad, vmap


def task_loss(params, x_train, y_train, x_val, y_val):
    fast = params
    for _ in range(sinusoid.INNER_STEPS):
        g = grad(mse)(fast, x_train, y_train)
        fast = tuple(p - sinusoid.ALPHA * gp for p, gp in zip(fast, g))
    return mse(fast, x_val, y_val)


def mean_loss(params, x_train, y_train, x_val, y_val):
    return vmap(task_loss, in_dims=(None, 0, 0, 0, 0))(params, x_train, y_train, x_val, y_val).mean()


def main():
    args = sinusoid.arguments()
    dev = device()
    params = tuple(parameters(dev, requires_grad=False))
    meta_gradient = grad(mean_loss)
    for tasks in args.tasks:
        host = sinusoid.sinusoid_batch(tasks, seed=tasks)
        step = lambda: [g.cpu() for g in meta_gradient(params, *upload(host, dev))]
        sinusoid.report("torch-func-vmap", tasks, cuda_event_ms(step, args.warmup, args.timed, args.max_seconds))


if __name__ == "__main__":
    main()
