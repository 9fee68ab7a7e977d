import { z } from "@hono/zod-openapi";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_request" }),
      message: z.string().openapi({ example: 'The field "url" is required.' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error", { description: "Every error of this API has this shape, with the matching HTTP status." });

export const errorResponse = (description: string) => ({
  content: { "application/json": { schema: ErrorSchema } },
  description,
});
