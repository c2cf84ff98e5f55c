/**
 * The SLF4J provider of the Weka package ({@link org.dmad.weka.logging.WekaLogProvider}): the log messages of the
 * libraries the package brings (DJL) go to Weka's own log instead of SLF4J's warning on the console.
 */
package org.dmad.weka.logging;
