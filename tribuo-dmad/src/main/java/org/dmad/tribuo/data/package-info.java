/**
 * Tribuo data sources for the file formats the {@code dmad} command reads: ADBench-style {@code .npz} archives
 * ({@link org.dmad.tribuo.data.NpzDataSource}) and labelled CSV files
 * ({@link org.dmad.tribuo.data.LabelledCSVDataSource}). They name features and read labels as the command does, so a
 * model trained through them and one trained with {@code dmad train} accept the same examples, and their provenance
 * ({@link org.dmad.tribuo.data.DataFileProvenance}) records the SHA-256 of the file read.
 */
package org.dmad.tribuo.data;
