namespace Workbench.Vision.Downloads;

/// <summary>Bytes on disk so far (including a resumed part) and the total when the server says it.</summary>
public readonly record struct DownloadProgress(string FileName, long Bytes, long? Total, bool Resumed);
