using System.Text.RegularExpressions;
using MetaDsl.Kernels.Cuda;
using MetaDsl.Kernels.Cuda.Mlp;

namespace MetaDsl.Kernels.Tests.Devices;

/// <summary>Golden checks of the embedded .cu text, the part of the GPU path checkable without a GPU.</summary>
public sealed class KernelSourceTests
{
    public static TheoryData<string, string> EntryPoints => new()
    {
        { KernelSources.Maml, "maml_mlp_meta_gradient" },
        { KernelSources.MetaSgd, "meta_sgd_mlp_meta_gradient" },
        { KernelSources.HessianVectorProduct, "mlp_hessian_vector_product" },
        { KernelSources.Adam, "adam_update" },
        { KernelSources.MeanOverTasks, "mean_over_tasks" },
    };

    [Fact]
    public void Every_source_is_embedded_and_non_empty()
    {
        foreach (var file in KernelSources.All) Assert.True(KernelSources.Read(file).Length > 200, file);
        Assert.Throws<FileNotFoundException>(() => KernelSources.Read("missing.cu"));
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Each_kernel_file_defines_its_extern_c_entry_point(string file, string entryPoint)
    {
        var text = KernelSources.Read(file);
        Assert.Matches(new Regex($@"extern ""C"" __global__ void {entryPoint}\("), text);
    }

    [Fact]
    public void Kernel_definitions_declare_as_many_parameters_as_the_cuda_signatures()
    {
        var mlp = MlpKernels.For(MlpShape.Sinusoid);
        foreach (var definition in new[] { mlp.Maml, mlp.MetaSgd, mlp.HessianVectorProduct, UpdateKernels.Adam, UpdateKernels.MeanOverTasks })
        {
            var signature = Regex.Match(definition.Source.Text, $@"__global__ void {definition.EntryPoint}\(([^)]*)\)").Groups[1].Value;
            var cudaParameters = signature.Split(',').Select(p => p.Trim()).ToArray();
            Assert.Equal(cudaParameters.Length, definition.Parameters.Count);
            for (var i = 0; i < cudaParameters.Length; i++)
            {
                var parameter = definition.Parameters[i];
                Assert.EndsWith(parameter.Name, cudaParameters[i]);
                Assert.Equal(parameter.IsView, cudaParameters[i].Contains('*'));
                var cType = parameter.ElementType == typeof(float) ? "float" : parameter.ElementType == typeof(int) ? "int" : "long long";
                Assert.Contains(cType, cudaParameters[i]);
            }
        }
    }

    [Fact]
    public void Mlp_sources_carry_their_headers_and_shape_defines()
    {
        var source = KernelSources.ForMlp(KernelSources.Maml, MlpShape.Sinusoid);
        Assert.Contains("#include \"maml_device.cu\"", source.Text);
        Assert.Contains("#include \"mlp_device.cu\"", source.Headers[KernelSources.MamlDevice]);
        Assert.Equal(["MLP_NUM_LAYERS=3", "MLP_SIZES=1,40,40,1"], source.Defines);
    }

    [Fact]
    public void Scratch_formulas_in_the_sources_match_mlp_shape()
    {
        // The host sizes scratch with MlpShape; the kernels carve it with these expressions.
        Assert.Contains("return 2LL * n * hidden_total() + 4LL * n * max_width();", KernelSources.Read(KernelSources.MlpDevice));
        var maml = KernelSources.Read(KernelSources.MamlDevice);
        Assert.Contains("float* grad = hv + P;", maml);
        Assert.Contains("mlp::carve_activations(grad + P, max(n_train, n_val))", maml);

        var shape = MlpShape.Sinusoid;
        Assert.Equal(1761, shape.ParameterCount);
        Assert.Equal(2L * 10 * 81 + 4L * 10 * 40, shape.ActivationScratchFloats(10));
        Assert.Equal((5 + 5L) * 1761 + shape.ActivationScratchFloats(12), shape.MamlScratchFloats(5, 10, 12));
        Assert.Equal(1 * 40 + 40 + 40 * 40 + 40, shape.WeightOffset(2));   // W1 b1 W2 b2 precede W3
        Assert.Equal(1720 + 40, shape.BiasOffset(2));
    }
}
