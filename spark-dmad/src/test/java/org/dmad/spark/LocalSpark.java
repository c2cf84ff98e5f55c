package org.dmad.spark;

import org.apache.spark.sql.SparkSession;

/** One local[2] session for all tests of this JVM (starting Spark takes seconds). */
final class LocalSpark {

    private LocalSpark() {}

    static SparkSession get() {
        return SparkSession.builder()
                .config(SparkEngine.defaults(new org.apache.spark.SparkConf()
                        .setMaster("local[2]")
                        .set("spark.sql.shuffle.partitions", "2")
                        // Several partitions per input file, so that scoring runs one model per partition many times.
                        .set("spark.sql.files.maxPartitionBytes", "8m")))
                .getOrCreate();
    }
}
