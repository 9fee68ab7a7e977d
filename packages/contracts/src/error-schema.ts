// The error shape as a zod schema, for the OpenAPI document.
import { z } from "zod";
import { ERROR_CODES } from "./errors.ts";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).meta({ example: "invalid_request" }),
      message: z.string().meta({ example: 'The field "url" is required.' }),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error", description: "Every error of this API has this shape, with the matching HTTP status." });
