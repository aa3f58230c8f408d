import { createSecretsManagerClient, secretsManagerReader, type SecretReader } from '../../functions/lib/aws/secret-cache';
import { systemClock } from '../../functions/lib/core/clock';
import { readConfig } from '../../functions/lib/core/config';
import { lazy, type Overrides } from '../../functions/lib/handlers/composition-root';
import { createHttpClient } from '../../functions/lib/zoom/http-client';
import { exchangeToken, type TokenExchange } from '../../functions/lib/zoom/token-provider';

/** What one container has asked of Secrets Manager and of Zoom's OAuth endpoint so far. */
export interface CallCounts {
  secretReads: number;
  tokenExchanges: number;
}

/**
 * Overrides that count a container's secret reads and token exchanges while still making them: the
 * real Secrets Manager reader (or the test's own) and the real OAuth exchange over HTTP. Production
 * code keeps no counters; the tests and the burst bench count here.
 */
export function countedCalls(env: Record<string, string | undefined>, options: Overrides = {}): { counts: CallCounts; overrides: Overrides } {
  const counts: CallCounts = { secretReads: 0, tokenExchanges: 0 };
  // Built at the first call, as the composition root builds its own.
  const read = lazy((): SecretReader => options.readSecret ?? secretsManagerReader(createSecretsManagerClient()));
  const exchange = lazy((): TokenExchange => {
    if (options.exchangeToken) return options.exchangeToken;
    const http = createHttpClient();
    const { oauthTokenUrl } = readConfig(env);
    return (credentials, timeoutMs) => exchangeToken(http, oauthTokenUrl, credentials, timeoutMs, (options.clock ?? systemClock).now());
  });
  return {
    counts,
    overrides: {
      readSecret: (secretId, timeoutMs) => {
        counts.secretReads += 1;
        return read()(secretId, timeoutMs);
      },
      exchangeToken: (credentials, timeoutMs) => {
        counts.tokenExchanges += 1;
        return exchange()(credentials, timeoutMs);
      },
    },
  };
}
