package dev.importjobs.bench;

/**
 * Makes the listing datasets ahead of a benchmark run (the benchmarks make them on first use too):
 * {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/importjobs-bench.jar
 * dev.importjobs.bench.PrepareDatasets [dbJobs]}.
 */
public final class PrepareDatasets {
    private PrepareDatasets() {
    }

    public static void main(String[] args) {
        int jobs = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        System.out.println(ImportJobsDataset.get(jobs));
        System.out.println(SpringBatchDataset.get(jobs));
    }
}
