// libtorch's random generator is process-wide: tests that seed it and then draw from it (weight
// initialisation, dropout) must not interleave, or their results depend on the scheduling.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
