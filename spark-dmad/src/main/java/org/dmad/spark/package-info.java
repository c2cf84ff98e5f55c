/**
 * The optional Apache Spark engine: the benchmark grid as Spark tasks (the same cells and results as the local
 * harness) and batch scoring of CSV or Parquet files with a broadcast model. See docs/SPARK.md.
 */
package org.dmad.spark;
