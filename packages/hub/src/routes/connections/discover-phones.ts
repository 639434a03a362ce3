import { z } from 'zod';
import { type DiscoveredPhone, discoverPhones, SmsfleetError } from '@smsfleet/core';
import { AUTHED_ERRORS, errorResponses } from '../schemas';
import type { ZodApp } from '../zod-app';
import { DiscoverBody, DiscoveredView } from './schemas';

/** A device id made from a phone's gateway id or name: lower-case, dashes, at most 64 characters. */
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64) || undefined;

/** `POST /connections/discover`: the phones a gateway account lists, to pick the ones to add. */
export function discoverConnectionPhones(app: ZodApp): void {
  app.post(
    '/connections/discover',
    {
      config: { scope: 'devices' },
      schema: {
        tags: ['connections'],
        summary: 'List the phones of a gateway account',
        description:
          'Credentials in (a new connection, stored nowhere), or an existing `connectionId`; phones out, each with a ' +
          'device body to add it with. SMS Gateway (cloud and private), httpSMS and textbee can list their phones.',
        body: DiscoverBody,
        response: { 200: z.object({ items: z.array(DiscoveredView) }), ...AUTHED_ERRORS, ...errorResponses(404, 502) },
      },
    },
    async (request) => {
      const b = request.body;
      let conn = b.connection;
      if (b.connectionId) {
        const stored = await app.store.connections.get(b.connectionId);
        if (!stored)
          throw new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No connection ${b.connectionId}.`, {
            field: 'body.connectionId',
            reason: 'no such connection',
          });
        conn = stored.connection;
      }
      const phones = await discoverPhones(conn!);
      const devices = (await app.store.devices.list()).filter(
        (d) => !b.connectionId || d.connectionId === b.connectionId,
      );
      return {
        items: phones.map((p: DiscoveredPhone) => {
          // httpSMS names a phone by its number: a device with that SIM number is that phone too.
          const known = devices.find(
            (d) =>
              d.gateway === conn!.kind &&
              (d.gatewayDeviceId === p.gatewayDeviceId || d.sims.some((s) => s.number && p.numbers.includes(s.number))),
          );
          const id = slug(p.gatewayDeviceId) ?? slug(p.name);
          return {
            ...p,
            ...(known ? { deviceId: known.id } : {}),
            suggested: {
              ...(id ? { id } : {}),
              name: p.name,
              gatewayDeviceId: p.gatewayDeviceId,
              sims: [
                { slot: 1, ...(p.numbers[0] ? { number: p.numbers[0] } : {}), segmentsPerMinute: 30, enabled: true },
              ],
            },
          };
        }),
      };
    },
  );
}
