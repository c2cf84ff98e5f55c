/**
 * The Weka adapter: how a dmad Tribuo trainer becomes a Weka classifier (options, capabilities, class mapping,
 * score scaling into a distribution).
 */
package org.dmad.weka;
