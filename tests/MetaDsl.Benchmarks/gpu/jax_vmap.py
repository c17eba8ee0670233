"""Sinusoid MAML meta-step in JAX: jit(grad(mean over vmap(tasks))), timed on the host clock after
np.asarray() of the meta-gradient (JAX has no CUDA events; the copy to the host synchronizes)."""
import sys

import sinusoid  # first: it exits with a clear message when NumPy is missing
import numpy as np

try:
    import jax
    import jax.numpy as jnp
except ImportError:
    sys.exit("JAX is not installed: pip install 'jax[cuda12]'")


def mse(params, x, y):
    w1, b1, w2, b2, w3, b3 = params
    h = jax.nn.relu(x @ w1 + b1)
    h = jax.nn.relu(h @ w2 + b2)
    return jnp.mean((h @ w3 + b3 - y) ** 2)


def task_loss(params, x_train, y_train, x_val, y_val):
    fast = params
    for _ in range(sinusoid.INNER_STEPS):
        g = jax.grad(mse)(fast, x_train, y_train)
        fast = tuple(p - sinusoid.ALPHA * gp for p, gp in zip(fast, g))
    return mse(fast, x_val, y_val)


def mean_loss(params, x_train, y_train, x_val, y_val):
    return jnp.mean(jax.vmap(task_loss, in_axes=(None, 0, 0, 0, 0))(params, x_train, y_train, x_val, y_val))


def main():
    args = sinusoid.arguments()
    gpus = [d for d in jax.devices() if d.platform == "gpu"]
    if not gpus:
        sys.exit(f"JAX sees no GPU (devices: {jax.devices()}), nothing was timed")
    params = tuple(jax.device_put(p, gpus[0]) for p in sinusoid.initial_parameters())
    meta_gradient = jax.jit(jax.grad(mean_loss))
    for tasks in args.tasks:
        host = sinusoid.sinusoid_batch(tasks, seed=tasks)
        step = lambda: [np.asarray(g) for g in meta_gradient(params, *(jax.device_put(a, gpus[0]) for a in host))]
        sinusoid.report("jax-jit-vmap", tasks, sinusoid.wall_clock_ms(step, args.warmup, args.timed, args.max_seconds))


if __name__ == "__main__":
    main()
