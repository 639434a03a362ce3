import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { exportConsent } from './export-consent';
import { getContact } from './get-contact';
import { importConsent } from './import-consent';
import { listContacts } from './list-contacts';
import { optInContact } from './opt-in-contact';
import { optOutContact } from './opt-out-contact';
import { setContactFields } from './set-contact-fields';

/** Contacts and consent: look up, opt out, opt in, list, import and export. */
export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  // In this order: it is the order of the OpenAPI document.
  for (const operation of [
    getContact,
    optOutContact,
    optInContact,
    listContacts,
    exportConsent,
    importConsent,
    setContactFields,
  ])
    operation(app);
};
