// The official A2A SDK client (@a2a-js/sdk) wired to the runner's HttpClient, so its requests go through
// the runner's limits and into the transcripts. v0.3 compatibility is on: the client speaks to v1.0 and
// v0.3 agents alike.

import { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory, RestTransportFactory, type Client } from '@a2a-js/sdk/client';
import type { HttpClient } from '../http/client.ts';
import type { Recorder } from '../core/recorder.ts';
import { fetchOver } from './fetch.ts';

/** A client for the agent whose card is at the HttpClient's base URL (the target's card_url). */
export async function a2aSdkClient(http: HttpClient, recorder: Recorder, signal: AbortSignal): Promise<Client> {
  const fetchImpl = fetchOver(http, recorder, signal);
  const legacyCompat = { enabled: true };
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new JsonRpcTransportFactory({ fetchImpl, legacyCompat }), new RestTransportFactory({ fetchImpl, legacyCompat })],
      cardResolver: new DefaultAgentCardResolver({ fetchImpl, legacyCompat }),
    }),
  );
  return factory.createFromUrl(http.resolve('').toString(), '');
}
