import { Hono } from 'hono';
import type { AppEnv } from '../env.js';

export const streamingRoutes = new Hono<AppEnv>();
