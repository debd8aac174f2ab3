import { Hono } from 'hono';
import type { AppEnv } from './env.js';

export const oauthRoutes = new Hono<AppEnv>();
