// Mean over tasks of per-task vectors: mean[i] = (1/tasks) * sum_t per_task[t*count + i].
// One thread per column (grid-stride), looping over tasks, so neighbouring threads read
// neighbouring addresses and no atomics are needed; meta-batches have tens of tasks, not millions.
extern "C" __global__ void mean_over_tasks(const float* per_task, int tasks, int count, float* mean)
{
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < count; i += gridDim.x * blockDim.x)
    {
        float sum = 0.0f;
        for (int t = 0; t < tasks; ++t) sum += per_task[(long long)t * count + i];
        mean[i] = sum / (float)tasks;
    }
}
