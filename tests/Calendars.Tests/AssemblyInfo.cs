[assembly: CollectionBehavior(MaxParallelThreads = 4)]
