using System.Runtime.InteropServices;
using Workbench.Notebooks.Display;

namespace Workbench.Notebooks.Figures;

/// <summary>
/// A figure's SVG as a PNG — the static image every figure carries, so it shows where no script runs
/// (`jupyter nbconvert --to html`, GitHub, a PDF) and where SVG outputs are dropped. Drawn by librsvg
/// onto a cairo surface (Debian's librsvg2-2, with its fonts), on white, at the SVG's own size.
/// </summary>
public static partial class SvgRaster
{
    /// <summary>The PNG of <paramref name="svg"/>, or null (with the reason) where librsvg is missing or refuses it.</summary>
    public static byte[]? ToPng(string svg, out string? problem)
    {
        problem = null;
        try
        {
            return Render(System.Text.Encoding.UTF8.GetBytes(svg), out problem);
        }
        catch (DllNotFoundException e)
        {
            problem = $"librsvg or cairo is not installed (Debian: librsvg2-2): {e.Message}";
            return null;
        }
    }

    static unsafe byte[]? Render(byte[] data, out string? problem)
    {
        problem = null;
        IntPtr error = IntPtr.Zero;
        IntPtr handle;
        fixed (byte* p = data) handle = rsvg_handle_new_from_data(p, (nuint) data.Length, ref error);
        if (handle == IntPtr.Zero)
        {
            problem = Message(error, "librsvg could not read the SVG");
            return null;
        }
        try
        {
            if (!rsvg_handle_get_intrinsic_size_in_pixels(handle, out var w, out var h) || !(w >= 1 && h >= 1 && w <= 8192 && h <= 8192))
            {
                problem = "the SVG has no usable pixel size (width and height in px, at most 8192)";
                return null;
            }
            int width = (int) Math.Ceiling(w), height = (int) Math.Ceiling(h);
            var surface = cairo_image_surface_create(0 /* CAIRO_FORMAT_ARGB32 */, width, height);
            var cr = cairo_create(surface);
            try
            {
                cairo_set_source_rgb(cr, 1, 1, 1);
                cairo_paint(cr);
                var viewport = new RsvgRectangle { X = 0, Y = 0, Width = width, Height = height };
                if (!rsvg_handle_render_document(handle, cr, ref viewport, ref error))
                {
                    problem = Message(error, "librsvg could not draw the SVG");
                    return null;
                }
                cairo_surface_flush(surface);
                int stride = cairo_image_surface_get_stride(surface);
                var pixels = (byte*) cairo_image_surface_get_data(surface);
                // Opaque (painted on white) native-endian ARGB32: bytes B, G, R, A on little-endian.
                var rgb = new byte[width * height * 3];
                for (int y = 0; y < height; y++)
                {
                    var row = pixels + (long) y * stride;
                    for (int x = 0; x < width; x++)
                    {
                        int o = (y * width + x) * 3;
                        rgb[o] = row[4 * x + 2];
                        rgb[o + 1] = row[4 * x + 1];
                        rgb[o + 2] = row[4 * x];
                    }
                }
                return PngEncoder.Encode(rgb, width, height, 3);
            }
            finally
            {
                cairo_destroy(cr);
                cairo_surface_destroy(surface);
            }
        }
        finally
        {
            g_object_unref(handle);
        }
    }

    static string Message(IntPtr error, string what)
    {
        if (error == IntPtr.Zero) return what;
        var text = Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(error, 8)) ?? "";
        g_error_free(error);
        return $"{what}: {text}";
    }

    [StructLayout(LayoutKind.Sequential)]
    struct RsvgRectangle
    {
        public double X, Y, Width, Height;
    }

    const string Rsvg = "librsvg-2.so.2", Cairo = "libcairo.so.2", GObject = "libgobject-2.0.so.0", GLib = "libglib-2.0.so.0";

    [LibraryImport(Rsvg)] private static unsafe partial IntPtr rsvg_handle_new_from_data(byte* data, nuint length, ref IntPtr error);
    [LibraryImport(Rsvg)] [return: MarshalAs(UnmanagedType.I4)] private static partial bool rsvg_handle_get_intrinsic_size_in_pixels(IntPtr handle, out double width, out double height);
    [LibraryImport(Rsvg)] [return: MarshalAs(UnmanagedType.I4)] private static partial bool rsvg_handle_render_document(IntPtr handle, IntPtr cr, ref RsvgRectangle viewport, ref IntPtr error);
    [LibraryImport(GObject)] private static partial void g_object_unref(IntPtr obj);
    [LibraryImport(GLib)] private static partial void g_error_free(IntPtr error);
    [LibraryImport(Cairo)] private static partial IntPtr cairo_image_surface_create(int format, int width, int height);
    [LibraryImport(Cairo)] private static partial IntPtr cairo_create(IntPtr surface);
    [LibraryImport(Cairo)] private static partial void cairo_set_source_rgb(IntPtr cr, double r, double g, double b);
    [LibraryImport(Cairo)] private static partial void cairo_paint(IntPtr cr);
    [LibraryImport(Cairo)] private static partial void cairo_surface_flush(IntPtr surface);
    [LibraryImport(Cairo)] private static partial int cairo_image_surface_get_stride(IntPtr surface);
    [LibraryImport(Cairo)] private static partial IntPtr cairo_image_surface_get_data(IntPtr surface);
    [LibraryImport(Cairo)] private static partial void cairo_destroy(IntPtr cr);
    [LibraryImport(Cairo)] private static partial void cairo_surface_destroy(IntPtr surface);
}
