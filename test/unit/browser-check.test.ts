import { missingBrowserLines } from '../../scripts/check-tools';

/** npm test's pretest names the missing browser of the console's browser test, and how to install it. */
it('names a missing Chromium and the package that installs it', () => {
  expect(missingBrowserLines({ CHROMIUM_PATH: '/nowhere/chromium' })).toEqual([
    'chromium is not installed at /nowhere/chromium; install it with: apt-get install -y chromium (or set CHROMIUM_PATH)',
  ]);
});

it('says nothing when CHROMIUM_PATH names an executable', () => {
  expect(missingBrowserLines({ CHROMIUM_PATH: process.execPath })).toEqual([]);
});
