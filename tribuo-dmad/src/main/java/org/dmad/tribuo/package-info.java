/**
 * dmad's detectors as Tribuo anomaly trainers and models: each trainer is OLCUT-configurable, records full
 * provenance, and produces a model that scores, thresholds, explains (getExcuse) and serialises (protobuf and Java
 * serialization). Detector definitions: docs/ALGORITHMS.md.
 */
package org.dmad.tribuo;
