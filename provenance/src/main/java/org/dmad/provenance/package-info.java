/**
 * Provenance shared by every module: the environment a run had (Java, operating system, CPU, PyTorch build,
 * threads, OpenMP wait policy) and the JSON round trip of OLCUT provenance.
 */
package org.dmad.provenance;
