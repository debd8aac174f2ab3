import { Hono } from 'hono';
import type { AppEnv } from '../env.js';

export const searchRoutes = new Hono<AppEnv>();
