/**
 * koffi for the test's Windows target program: its Windows binary (from the build cache) is loaded directly by
 * path, given in RH_TEST_KOFFI_NODE, since the program runs under Wine from a bundle with no node_modules.
 */
import type koffiModule from 'koffi';

const file = process.env.RH_TEST_KOFFI_NODE;
if (!file) throw new Error('RH_TEST_KOFFI_NODE must name koffi.node (win32_x64)');
const module = { exports: {} as unknown };
process.dlopen(module, file);

const koffi = module.exports as typeof koffiModule;
export default koffi;
