namespace Workbench.Fcn.Graph;

/// <summary>
/// One value of the graph seen as geometry, along one spatial axis (the nets are square).
/// <para><see cref="Scale"/> and <see cref="Offset"/> are the coordinate map from the input:
/// the blob's coordinate of the input coordinate x is Scale·x + Offset (Caffe's coord_map, with
/// coordinates at kernel centres).</para>
/// <para><see cref="Size"/>: the blob's extent for the traced input size. <see cref="ReceptiveField"/>
/// and <see cref="Jump"/>: how many input pixels one unit sees and how far apart neighbouring
/// units are. <see cref="Depth"/>: learned convolutions on the longest path from the input
/// (deconvolutions are upsampling, not counted, as Table 1 counts).</para>
/// </summary>
public sealed record Blob(string Name, double Scale, double Offset, long Size, long ReceptiveField, double Jump, int Depth,
    bool Upsampled = false);
