/** The test function for every spec: each test's browser contexts are closed after it, so none keeps working. */
import { test as base } from '@playwright/test';

export const test = base.extend<{ closeContexts: undefined }>({
  closeContexts: [
    async ({ browser }, use) => {
      await use(undefined);
      await Promise.all(browser.contexts().map((c) => c.close()));
    },
    { auto: true },
  ],
});

export { expect } from '@playwright/test';
