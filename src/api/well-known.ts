import { Hono } from 'hono';
import type { AppEnv } from './env.js';

export const wellKnownRoutes = new Hono<AppEnv>();
