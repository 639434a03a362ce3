import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { cancelMessage } from './cancel-message';
import { exportMessages } from './export-messages';
import { getMessage } from './get-message';
import { listMessages } from './list-messages';
import { previewBulkMessages } from './preview-bulk-messages';
import { previewMessage } from './preview-message';
import { sendBulkMessages } from './send-bulk-messages';
import { sendMessage } from './send-message';
import { updateMessage } from './update-message';

/** Send one or many messages, preview, export, read one with its timeline, list with filters, cancel, edit. */
export const messageRoutes: FastifyPluginAsyncZod = async (app) => {
  // In this order: it is the order of the OpenAPI document.
  for (const operation of [
    sendMessage,
    sendBulkMessages,
    previewMessage,
    previewBulkMessages,
    exportMessages,
    getMessage,
    listMessages,
    cancelMessage,
    updateMessage,
  ])
    operation(app);
};
