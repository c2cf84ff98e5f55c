/**
 * Reading NumPy .npy arrays and .npz archives (the format of the ADBench files), without Python.
 */
package org.dmad.data;
