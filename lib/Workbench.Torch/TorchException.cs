using System.Runtime.InteropServices;
using Workbench.Torch.Native;

namespace Workbench.Torch;

/// <summary>An error reported by libtorch (a shape or dtype mistake, say), with libtorch's message.</summary>
public sealed class TorchException : Exception
{
    public TorchException(string message) : base(message) { }

    internal static TorchException FromLastError(string operation)
    {
        var message = Marshal.PtrToStringUTF8(NativeMethods.wb_last_error()) ?? "";
        return new TorchException(string.IsNullOrWhiteSpace(message) ? $"{operation} failed" : $"{operation}: {message.Trim()}");
    }

    internal static IntPtr Check(IntPtr handle, string operation) =>
        handle != IntPtr.Zero ? handle : throw FromLastError(operation);

    internal static int Check(int status, string operation) =>
        status >= 0 ? status : throw FromLastError(operation);
}
