using System.Runtime.InteropServices;

namespace Workbench.Torch.Native;

// Owns one heap-allocated at::Tensor (a reference to its storage). Releasing it drops that
// reference; libtorch frees the storage when the last reference goes.
internal sealed class TensorHandle : SafeHandle
{
    // Passed where the ABI takes an optional tensor and none is given.
    internal static readonly TensorHandle Null = new();

    public TensorHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    internal TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.wb_free(handle);
        return true;
    }
}
