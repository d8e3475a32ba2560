/** True in test builds (ANGLE_MORT_TEST=1, wxt.config.ts `define`), false in release builds. */
declare const __ANGLE_MORT_TEST__: boolean;
